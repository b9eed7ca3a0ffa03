using System.Diagnostics;
using System.Globalization;
using Fireworks.Models;
using Fireworks.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator;

/// <summary>
/// The one middleware of the emulator: authenticates, routes by the SDK's operation table, runs the handler under
/// the state gate and writes the response, or a google.rpc.Status error with the matching HTTP status.
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
                    ? new ApiException(RpcCode.Unimplemented, $"Method {method} is not allowed on {path} (allowed: {string.Join(", ", match.AllowedMethods.Distinct())}).", httpStatus: 405)
                    : ApiException.NotFound($"No Fireworks API operation matches {method} {path}.");
            }

            operationId = match.Operation.OperationId;
            if (!handlers.TryGet(operationId, out var handler))
            {
                throw new ApiException(
                    RpcCode.Unimplemented,
                    $"{operationId} ({method} {match.Operation.Path}) is not implemented by the Fireworks emulator; its README lists what is.");
            }

            var body = await ReadBodyAsync(context).ConfigureAwait(false);
            var request = new ApiRequest(match.Operation, match.PathParameters, context.Request.Query, context.Request.Headers, body);
            ApiResult result;
            lock (state.Gate)
            {
                state.Advance();
                result = handler(request);
            }

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
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            status = 500;
            LogCrash(state.Logger, exception, operationId, requestId);
            await WriteErrorAsync(context, status, RpcCode.Internal, $"The emulator failed handling {operationId}: {exception.Message}").ConfigureAwait(false);
        }

        LogRequest(state.Logger, method, path, operationId, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
    }

    private void Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw new ApiException(RpcCode.Unauthenticated, "The request has no API key: send 'Authorization: Bearer <key>'.");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(header[BearerPrefix.Length..].Trim(), apiKey, StringComparison.Ordinal))
        {
            throw new ApiException(RpcCode.Unauthenticated, "The API key is not valid for this emulator.");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, RpcCode code, string message)
    {
        var body = new RpcStatus { Code = (int)code, Message = message, Details = [] };
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
