using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks;

public partial class ModelsClient
{
    /// <summary>
    /// Starts importing a model from cloud storage (<see cref="ImportAsync"/>) and returns the
    /// long-running operation, whose response is the imported <see cref="Model"/>.
    /// </summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="request">Where to import from (AWS S3 or Azure Blob Storage).</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="options">Per-call options of the request that starts the import, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation; call <see cref="Operation{TResponse}.WaitForCompletionAsync"/> to wait for the model.</returns>
    /// <exception cref="FireworksException">The import could not be started.</exception>
    public virtual async Task<Operation<Model>> StartImportAsync(
        string modelId,
        ImportModelBody request,
        string? accountId = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var operation = await ImportAsync(modelId, request, accountId, options, cancellationToken).ConfigureAwait(false);

        // The import's error may quote the storage credentials the request sent.
        return new Operation<Model>(_pipeline, operation, FireworksJsonContext.Default.Model, "Gateway_ImportModel", SecretValues.Of(request));
    }

    /// <summary>Imports a model from cloud storage and waits until the import is done.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="request">Where to import from (AWS S3 or Azure Blob Storage).</param>
    /// <param name="waitOptions">Polling schedule, timeout and transient-error budget, or null for the defaults.</param>
    /// <param name="progress">Receives the first observation of the operation and its change to done.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="options">Per-call options of the request that starts the import, or null.</param>
    /// <param name="cancellationToken">Stops the call and the wait (the import itself continues on the server).</param>
    /// <returns>The imported model, as the operation reports it.</returns>
    /// <exception cref="FireworksException">The import could not be started, or polling failed.</exception>
    /// <exception cref="OperationFailedException">The import failed (the operation's rpc code and message).</exception>
    /// <exception cref="WaitTimeoutException">The wait's timeout passed first.</exception>
    public virtual async Task<Model> ImportAndWaitAsync(
        string modelId,
        ImportModelBody request,
        WaitOptions? waitOptions = null,
        IProgress<WaitProgress<LongRunningOperation, OperationState>>? progress = null,
        string? accountId = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var operation = await StartImportAsync(modelId, request, accountId, options, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(waitOptions, progress, cancellationToken).ConfigureAwait(false);
    }
}
