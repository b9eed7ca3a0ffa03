using Fireworks.Models;

namespace Fireworks;

public partial class DeploymentsClient
{
    /// <summary>Creates a deployment and waits until it is <see cref="DeploymentState.Ready"/> to serve.</summary>
    /// <param name="deployment">The deployment to create.</param>
    /// <param name="deploymentId">The deployment id, or null for a server-chosen one.</param>
    /// <param name="disableAutoDeploy">See <see cref="CreateAsync"/>.</param>
    /// <param name="disableSpeculativeDecoding">See <see cref="CreateAsync"/>.</param>
    /// <param name="skipShapeValidation">See <see cref="CreateAsync"/>.</param>
    /// <param name="skipImageTagValidation">See <see cref="CreateAsync"/>.</param>
    /// <param name="waitOptions">Polling schedule, timeout and transient-error budget, or null for the defaults.</param>
    /// <param name="progress">Receives each observed state change.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="options">Per-call options of the create request, or null.</param>
    /// <param name="cancellationToken">Stops the call and the wait (the deployment itself carries on).</param>
    /// <returns>The deployment once it is ready.</returns>
    /// <exception cref="FireworksException">The deployment could not be created, or polling failed.</exception>
    /// <exception cref="ResourceFailedException">The deployment failed or was deleted (with its status code and message).</exception>
    /// <exception cref="WaitTimeoutException">The wait's timeout passed first.</exception>
    public virtual async Task<Deployment> CreateAndWaitAsync(
        Deployment deployment,
        string? deploymentId = null,
        bool? disableAutoDeploy = null,
        bool? disableSpeculativeDecoding = null,
        bool? skipShapeValidation = null,
        bool? skipImageTagValidation = null,
        WaitOptions? waitOptions = null,
        IProgress<WaitProgress<Deployment, DeploymentState>>? progress = null,
        string? accountId = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var created = await CreateAsync(
            deployment,
            disableAutoDeploy: disableAutoDeploy,
            disableSpeculativeDecoding: disableSpeculativeDecoding,
            deploymentId: deploymentId,
            skipShapeValidation: skipShapeValidation,
            skipImageTagValidation: skipImageTagValidation,
            accountId: accountId,
            options: options,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var (id, account) = ResourceNames.OfCreated(created.Name, ResourceNamePattern, deploymentId, accountId);

        // The wait's status messages may quote what the create sent (a direct-route key): its redactor knows them.
        return await ResourceWaiter.WaitAsync(Waiter(id, account, SecretValues.Of(deployment)), targetStates: null, waitOptions, progress, cancellationToken).ConfigureAwait(false);
    }
}
