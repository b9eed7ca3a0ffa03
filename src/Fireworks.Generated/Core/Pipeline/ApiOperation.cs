namespace Fireworks;

/// <summary>
/// What the generator knows about one operation, built once per process (a static field of the generated client):
/// its name, method, path template and server. Telemetry reads its tags from here, so nothing is computed per call.
/// </summary>
internal sealed class ApiOperation
{
    /// <summary>Creates the description of an operation.</summary>
    /// <param name="operationId">The spec's operationId (errors, logs, span names).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathTemplate">The spec path with its <c>{variables}</c> (the span's <c>url.template</c>).</param>
    /// <param name="server">Which configured base URL the path is appended to.</param>
    internal ApiOperation(string operationId, HttpMethod method, string pathTemplate, FireworksServer server = FireworksServer.Gateway)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(pathTemplate);
        OperationId = operationId;
        Method = method;
        PathTemplate = pathTemplate;
        Server = server;
        IsIdempotent = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
            || method == HttpMethod.Delete || method == HttpMethod.Options || method == HttpMethod.Trace;
    }

    internal string OperationId { get; }

    internal HttpMethod Method { get; }

    internal string PathTemplate { get; }

    internal FireworksServer Server { get; }

    /// <summary>GET, HEAD, PUT, DELETE (and OPTIONS, TRACE): repeating the call has the effect of one.</summary>
    internal bool IsIdempotent { get; }
}
