using Fireworks.Models;

namespace Fireworks;

public partial class RlorTrainerJobsClient
{
    /// <summary>
    /// Creates an RLOR trainer job and waits until it reaches <paramref name="targetState"/>,
    /// typically <see cref="JobState.Running"/>: a trainer in service mode is ready for its first
    /// training step when it runs, long before it completes.
    /// </summary>
    /// <param name="rlorTrainerJob">The job to create.</param>
    /// <param name="targetState">The state to wait for, e.g. <see cref="JobState.Running"/>.</param>
    /// <param name="rlorTrainerJobId">The job id, or null for a server-chosen one.</param>
    /// <param name="trainingShape">An optional validated training shape (see <see cref="CreateAsync"/>).</param>
    /// <param name="waitOptions">Polling schedule, timeout and transient-error budget, or null for the defaults.</param>
    /// <param name="progress">Receives each observed state change and progress report.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="options">Per-call options of the create request, or null.</param>
    /// <param name="cancellationToken">Stops the call and the wait (the job itself keeps running).</param>
    /// <returns>The job as it was when it reached <paramref name="targetState"/>.</returns>
    /// <exception cref="FireworksException">The job could not be created, or polling failed.</exception>
    /// <exception cref="ResourceFailedException">The job failed, was parked, or completed before reaching <paramref name="targetState"/>.</exception>
    /// <exception cref="WaitTimeoutException">The wait's timeout passed first.</exception>
    public virtual async Task<RlorTrainerJob> CreateAndWaitForStateAsync(
        RlorTrainerJob rlorTrainerJob,
        JobState targetState,
        string? rlorTrainerJobId = null,
        string? trainingShape = null,
        WaitOptions? waitOptions = null,
        IProgress<WaitProgress<RlorTrainerJob, JobState>>? progress = null,
        string? accountId = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var created = await CreateAsync(rlorTrainerJob, rlorTrainerJobId, trainingShape, accountId, options, cancellationToken).ConfigureAwait(false);
        var (id, account) = ResourceNames.OfCreated(created.Name, ResourceNamePattern, rlorTrainerJobId, accountId);

        // The wait's status messages may quote what the create sent (a W&B key): its redactor knows them.
        return await ResourceWaiter.WaitAsync(Waiter(id, account, SecretValues.Of(rlorTrainerJob)), [targetState], waitOptions, progress, cancellationToken).ConfigureAwait(false);
    }
}
