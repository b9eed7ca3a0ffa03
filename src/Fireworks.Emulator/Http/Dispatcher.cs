using System.Diagnostics;
using System.Globalization;
using Fireworks.Models;
using Fireworks.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator;

/// <summary>
/// The one middleware of the emulator: authenticates, routes by the SDK's operation table, checks the query and
/// the body against the operation (declared parameters, size limits, well-formed JSON), runs the handler under the
/// state lock (shared for readers, exclusive for writers) and writes the response, or a google.rpc.Status error
/// with the matching HTTP status. Client input never ends in a 500.
/// </summary>
internal sealed partial class Dispatcher
{
    private const string BearerPrefix = "Bearer ";
    private readonly EmulatorState state;
    private readonly HandlerTable handlers;
    private readonly Router router;
    private readonly string apiKey;
    private long requestCount;

    public Dispatcher(EmulatorState state, HandlerTable handlers, Router router, string apiKey)
    {
        this.state = state;
        this.handlers = handlers;
        this.router = router;
        this.apiKey = apiKey;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = "emulator-" + Interlocked.Increment(ref requestCount).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-request-id"] = requestId;
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        if (method == HttpMethods.Get && path == "/health")
        {
            await WriteAsync(context, 200, "{\"status\":\"ok\"}"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        var operationId = "(unrouted)";
        int status;
        try
        {
            Authenticate(context.Request);
            var match = router.Find(method, path);
            if (match.Operation is null)
            {
                throw match.AllowedMethods.Count > 0
                    ? new ApiException(Code.Unimplemented, $"Method {method} is not allowed on {path} (allowed: {string.Join(", ", match.AllowedMethods.Distinct())}).", httpStatus: 405)
                    : ApiException.NotFound($"No Fireworks API operation matches {method} {path}.");
            }

            operationId = match.Operation.OperationId;
            if (!handlers.TryGet(operationId, out var route))
            {
                throw new ApiException(
                    Code.Unimplemented,
                    $"{operationId} ({method} {match.Operation.Path}) is not implemented by the Fireworks emulator; its README lists what is.");
            }

            CheckQueryParameters(match.Operation, context.Request.Query);
            var body = await ReadBodyAsync(context, operationId, route.MaxBodyBytes).ConfigureAwait(false);
            if (body.Length > 0)
            {
                JsonBodyCheck.Check(body, operationId);
            }

            var request = new ApiRequest(match.Operation, match.PathParameters, context.Request.Query, context.Request.Headers, body);
            var result = Run(route, request);

            status = 200;
            await WriteAsync(context, status, result.Body).ConfigureAwait(false);
        }
        catch (ApiException exception)
        {
            status = exception.HttpStatus;
            if (exception.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context, status, exception.Code, exception.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own refusals (a body over the limit while streaming, a malformed request) are the client's doing.
            status = exception.StatusCode;
            await WriteErrorAsync(context, status, Code.InvalidArgument, status == StatusCodes.Status413PayloadTooLarge
                ? RequestLimits.BodyTooLarge(operationId, null, context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? RequestLimits.MaxBodyBytes).Message
                : $"Malformed request: {exception.Message}").ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            status = 500;
            LogCrash(state.Logger, exception, operationId, requestId);
            await WriteErrorAsync(context, status, Code.Internal, $"The emulator failed handling {operationId}: {exception.Message}").ConfigureAwait(false);
        }

        LogRequest(state.Logger, method, path, operationId, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
    }

    private void Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw new ApiException(Code.Unauthenticated, "The request has no API key: send 'Authorization: Bearer <key>'.");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(header[BearerPrefix.Length..].Trim(), apiKey, StringComparison.Ordinal))
        {
            throw new ApiException(Code.Unauthenticated, "The API key is not valid for this emulator.");
        }
    }

    private ApiResult Run(Route route, ApiRequest request)
    {
        if (route.ReadsOnly)
        {
            if (state.HasDueWork())
            {
                using (state.Write())
                {
                    state.Advance();
                }
            }

            using (state.Read())
            {
                return route.Handler(request);
            }
        }

        using (state.Write())
        {
            state.Advance();
            return route.Handler(request);
        }
    }

    /// <summary>A query parameter the operation does not declare is refused, not ignored (a misspelt <c>pageToken</c> would restart paging).</summary>
    private static void CheckQueryParameters(OperationDescriptor operation, IQueryCollection query)
    {
        foreach (var (name, _) in query)
        {
            if (!operation.QueryParameters.Contains(name, StringComparer.Ordinal))
            {
                var declared = operation.QueryParameters.Count == 0 ? "none" : string.Join(", ", operation.QueryParameters);
                throw ApiException.InvalidArgument($"{operation.OperationId} has no query parameter '{name}' (it takes: {declared}).");
            }
        }
    }

    /// <summary>Reads the body up to the route's limit; a declared length over it is refused before reading.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext context, string operationId, long limit)
    {
        var declared = context.Request.ContentLength;
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (declared > limit)
        {
            if (declared <= RequestLimits.MaxDrainBytes && sizeFeature is { IsReadOnly: false })
            {
                sizeFeature.MaxRequestBodySize = declared;
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            }

            throw RequestLimits.BodyTooLarge(operationId, declared, limit);
        }

        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, Code code, string message)
    {
        var body = new RpcStatus { Code = code.Number ?? Code.Numbers.Unknown, Message = message, Details = [] };
        return WriteAsync(context, status, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, FireworksJsonContext.Default.RpcStatus));
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} ({OperationId}) -> {Status} in {ElapsedMs:0.0} ms, request id {RequestId}")]
    private static partial void LogRequest(ILogger logger, string method, string path, string operationId, int status, double elapsedMs, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The emulator failed handling {OperationId} (request id {RequestId})")]
    private static partial void LogCrash(ILogger logger, Exception exception, string operationId, string requestId);
}
