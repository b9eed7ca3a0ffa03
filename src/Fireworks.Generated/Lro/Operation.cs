using System.Text.Json.Serialization.Metadata;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks;

/// <summary>
/// A google.longrunning.Operation the server started (a model import, a model-version deployment):
/// poll it until it is <c>done</c>, then read its typed <c>response</c> or get its <c>error</c> thrown.
/// </summary>
/// <typeparam name="TResponse">
/// The message packed in the operation's <c>response</c>; <see cref="ProtobufAny"/> returns it packed.
/// </typeparam>
/// <remarks>
/// Polling is <c>GET {base}/v1/{operation.name}</c> on the same schedule as every other wait
/// (<see cref="WaitOptions"/>, <see cref="ResourceWaiter"/>). An operation can be resumed by name from
/// another process with <see cref="FireworksClient.ResumeOperation(string)"/>.
/// </remarks>
public class Operation<TResponse>
    where TResponse : class
{
    private static readonly ApiOperation GetOperation = new("GetOperation", HttpMethod.Get, "/v1/{name}");

    private readonly FireworksPipeline _pipeline;
    private readonly JsonTypeInfo<TResponse> _responseType;
    private readonly string _operationId;
    private readonly string? _escapedName;
    private readonly IReadOnlyCollection<string>? _secrets;
    private readonly SecretRedactor _redactor;
    private volatile LongRunningOperation _current;

    /// <summary>Wraps <paramref name="operation"/>, as returned by the call that started it.</summary>
    /// <param name="pipeline">The transport that polls.</param>
    /// <param name="operation">The operation the server returned.</param>
    /// <param name="responseType">The metadata of <typeparamref name="TResponse"/>.</param>
    /// <param name="operationId">The call that started it, e.g. <c>Gateway_ImportModel</c>, for messages.</param>
    /// <param name="secrets">
    /// The secrets the starting call sent in its body (an import's AWS secret), or null: the operation's error may quote
    /// them, as may the API key, and its exception leaves them out.
    /// </param>
    /// <exception cref="InvalidOperationException">The operation is not done and has no name to poll.</exception>
    internal Operation(FireworksPipeline pipeline, LongRunningOperation operation, JsonTypeInfo<TResponse> responseType, string operationId, IReadOnlyCollection<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(responseType);
        if (operation.Done != true && string.IsNullOrEmpty(operation.Name))
        {
            throw new InvalidOperationException($"{operationId} returned an operation that is not done and has no name, so it cannot be polled.");
        }

        _pipeline = pipeline;
        _responseType = responseType;
        _operationId = operationId;
        _secrets = secrets;
        _redactor = pipeline.RedactorFor(secrets);
        _current = operation;
        Name = operation.Name ?? string.Empty;

        // A done operation is never polled; a pollable name is checked once, here, not on every poll.
        _escapedName = operation.Done == true ? null : EscapeName(Name);
    }

    /// <summary>For mocking: a derived class overrides the virtual members.</summary>
    protected Operation()
    {
        _pipeline = null!;
        _responseType = null!;
        _operationId = string.Empty;
        _redactor = SecretRedactor.None;
        _current = new LongRunningOperation();
        Name = string.Empty;
    }

    /// <summary>The operation's name, e.g. <c>accounts/my-account/operations/123</c>; keep it to resume the wait elsewhere.</summary>
    public string Name { get; }

    /// <summary>The operation as last read (initially as returned by the call that started it).</summary>
    public LongRunningOperation Current => _current;

    /// <summary>True once the server reported the operation done (successfully or not).</summary>
    public bool IsDone => _current.Done == true;

    /// <summary>Where <paramref name="operation"/> stands, from its <c>done</c> and <c>error</c> fields.</summary>
    /// <param name="operation">An operation.</param>
    /// <returns><see cref="OperationState.Running"/> until done; then <see cref="OperationState.Failed"/> when it carries an error with a non-OK code, else <see cref="OperationState.Succeeded"/>.</returns>
    public static OperationState StateOf(LongRunningOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Done != true)
        {
            return OperationState.Running;
        }

        // proto3 JSON omits a zero code: an error without a code (or with code OK) is no error.
        return operation.Error is { Code: { } code } && code != Code.Numbers.Ok ? OperationState.Failed : OperationState.Succeeded;
    }

    /// <summary>Reads the operation once (<c>GET /v1/{name}</c>) and updates <see cref="Current"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation as the server reports it now.</returns>
    /// <exception cref="FireworksException">The call failed.</exception>
    public virtual async Task<LongRunningOperation> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var request = new FireworksRequest(GetOperation, "/v1/" + (_escapedName ?? EscapeName(Name)));
        var operation = await _pipeline.SendAsync(request, FireworksJsonContext.Default.LongRunningOperation, options: null, cancellationToken).ConfigureAwait(false);
        _current = operation;
        return operation;
    }

    /// <summary>
    /// Polls the operation until it is done (on <paramref name="waitOptions"/>' schedule), then returns its response.
    /// Returns at once, without a request, when it is already done.
    /// </summary>
    /// <param name="waitOptions">Polling schedule, timeout and transient-error budget, or null for the defaults.</param>
    /// <param name="progress">Receives the first observation and the change to done.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The operation's response.</returns>
    /// <exception cref="OperationFailedException">The operation finished with an error (its rpc code and message).</exception>
    /// <exception cref="WaitTimeoutException">The overall timeout passed first.</exception>
    /// <exception cref="InvalidOperationException">The response is missing or is not a <typeparamref name="TResponse"/>.</exception>
    public virtual async Task<TResponse> WaitForCompletionAsync(
        WaitOptions? waitOptions = null,
        IProgress<WaitProgress<LongRunningOperation, OperationState>>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (!IsDone)
        {
            var target = new WaitTarget<LongRunningOperation, OperationState>(
                _pipeline,
                "Operation " + Name,
                UpdateStatusAsync,
                static operation => StateOf(operation),
                static state => ResourceStates.Classify(state),
                readStatus: null,
                readProgress: null)
            {
                CreateFailure = (operation, _, _, _) => new OperationFailedException(operation, _operationId, _redactor),
                Secrets = _secrets,
            };
            await ResourceWaiter.WaitAsync(target, targetStates: null, waitOptions, progress, cancellationToken).ConfigureAwait(false);
        }

        return GetResult();
    }

    /// <summary>The response of the done operation.</summary>
    /// <returns>The response, unpacked as <typeparamref name="TResponse"/>.</returns>
    /// <exception cref="InvalidOperationException">The operation is not done yet, or its response is missing or of another type.</exception>
    /// <exception cref="OperationFailedException">The operation finished with an error.</exception>
    public TResponse GetResult()
    {
        var operation = _current;
        switch (StateOf(operation))
        {
            case OperationState.Running:
                throw new InvalidOperationException($"Operation {Name} is not done yet; call WaitForCompletionAsync.");
            case OperationState.Failed:
                throw new OperationFailedException(operation, _operationId, _redactor);
        }

        if (typeof(TResponse) == typeof(ProtobufAny))
        {
            return (TResponse)(object)(operation.Response ?? new ProtobufAny());
        }

        var response = operation.Response
            ?? throw new InvalidOperationException($"Operation {Name} ({_operationId}) is done but carries no response to read as a {typeof(TResponse).Name}.");
        if (!response.Is<TResponse>())
        {
            throw new InvalidOperationException(
                $"Operation {Name} ({_operationId}) completed, but its response is a '{response.Type}', not a {typeof(TResponse).Name}; "
                + "read it from Current.Response (ProtobufAny.Unpack unpacks it as another type).");
        }

        return response.Unpack(_responseType);
    }

    /// <summary>
    /// Checks an operation name for the <c>{+name}</c> expansion: every segment must pass the path-id rule
    /// (<see cref="PathSegment"/>), so the slashes stay separators and nothing in the name can change the URL
    /// (a parent path, a query, a fragment). Such a name needs no escaping.
    /// </summary>
    internal static string EscapeName(string name)
    {
        var segments = name.Split('/');
        foreach (var segment in segments)
        {
            if (PathSegment.Problem(segment) is { } problem)
            {
                throw new ArgumentException($"The operation name '{name}' is not a resource name such as 'accounts/my-account/operations/123': {problem}.", nameof(name));
            }
        }

        // Every segment passed the path-id rule, so none needs escaping.
        return name;
    }
}
