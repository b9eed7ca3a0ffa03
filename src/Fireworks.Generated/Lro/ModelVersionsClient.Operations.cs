using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks;

public partial class ModelVersionsClient
{
    /// <summary>
    /// Starts deploying a model version to a deployment (<see cref="DeployAsync"/>) and returns the
    /// long-running operation.
    /// </summary>
    /// <remarks>
    /// Neither the spec nor the documentation names the message in this operation's response, so
    /// it is returned packed: check <see cref="ProtobufAnyExtensions.GetMessageName"/> and unpack it
    /// with <see cref="ProtobufAnyExtensions.Unpack{T}"/> (for example as a <see cref="Deployment"/>
    /// with <c>FireworksJsonContext.Default.Deployment</c>). To follow the rollout itself, wait for the
    /// deployment: <c>client.Deployments.WaitForStateAsync(id, DeploymentState.Ready)</c>.
    /// </remarks>
    /// <param name="modelId">The model id.</param>
    /// <param name="versionId">The version id.</param>
    /// <param name="request">The deployment to deploy to and the rollout strategy.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="options">Per-call options of the request that starts the deployment, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation; call <see cref="Operation{TResponse}.WaitForCompletionAsync"/> to wait for it.</returns>
    /// <exception cref="FireworksException">The deployment could not be started.</exception>
    public virtual async Task<Operation<ProtobufAny>> StartDeployAsync(
        string modelId,
        string versionId,
        DeployModelVersionBody request,
        string? accountId = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var operation = await DeployAsync(modelId, versionId, request, accountId, options, cancellationToken).ConfigureAwait(false);
        return new Operation<ProtobufAny>(_pipeline, operation, FireworksJsonContext.Default.ProtobufAny, "Gateway_DeployModelVersion");
    }
}
