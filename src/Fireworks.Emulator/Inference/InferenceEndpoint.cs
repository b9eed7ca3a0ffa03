using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator.Inference;

/// <summary>
/// <c>POST /inference/v1/chat/completions</c> and <c>POST /inference/v1/completions</c>: authenticates, reads the
/// request, lets <see cref="ReplicaRouter"/> pick the replica (and the weights it serves), runs the
/// <see cref="ToyLanguageModel"/>, and answers as JSON or, with <c>stream: true</c>, as server-sent events ending with
/// <c>data: [DONE]</c>. Two headers of the emulator's own say which replica answered and which snapshot it served:
/// <c>x-emulator-replica-id</c> and <c>x-emulator-snapshot-identity</c> (absent for the base model).
/// </summary>
internal sealed partial class InferenceEndpoint
{
    /// <summary>Where the inference API lives (the spec's server is <c>https://api.fireworks.ai/inference</c>).</summary>
    public const string PathBase = "/inference";

    /// <summary>The emulator's own response header naming the replica that answered.</summary>
    public const string ReplicaHeader = FireworksEmulator.ReplicaIdHeader;

    /// <summary>The emulator's own response header naming the snapshot the answering replica served.</summary>
    public const string SnapshotHeader = FireworksEmulator.SnapshotIdentityHeader;

    private const string BearerPrefix = "Bearer ";
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly EmulatorState state;
    private readonly ReplicaRouter router;
    private readonly string apiKey;
    private long requestCount;

    public InferenceEndpoint(EmulatorState state, ReplicaRouter router, string apiKey)
    {
        this.state = state;
        this.router = router;
        this.apiKey = apiKey;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var number = Interlocked.Increment(ref requestCount);
        var requestId = "emulator-inference-" + number.ToString(CultureInfo.InvariantCulture);
        var response = context.Response;
        response.Headers["x-request-id"] = requestId;
        var path = context.Request.Path.Value ?? "/";
        int status;
        try
        {
            Authenticate(context.Request);
            var isChat = path switch
            {
                "/v1/chat/completions" => true,
                "/v1/completions" => false,
                _ => throw InferenceError.NotFound($"No inference endpoint at {PathBase}{path}; the emulator serves {PathBase}/v1/chat/completions and {PathBase}/v1/completions."),
            };
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                throw new InferenceError(405, "invalid_request_error", $"{PathBase}{path} takes POST, not {context.Request.Method}.");
            }

            var request = InferenceRequest.Parse(await ReadBodyAsync(context).ConfigureAwait(false), isChat);
            var replica = await router.RouteAsync(request, context.Request.Headers, context.RequestAborted).ConfigureAwait(false);
            var generation = ToyLanguageModel.Generate(request, replica.SnapshotIdentity);
            var cached = router.UsePromptCache(replica, generation.PromptTokenIds, generation.CompletionTokenIds);
            var answer = new AnswerContext(
                (isChat ? "chatcmpl-" : "cmpl-") + number.ToString("x8", CultureInfo.InvariantCulture),
                state.Clock.UtcNow.ToUnixTimeSeconds(),
                request.Model,
                cached,
                replica.QueuedFor.TotalMilliseconds);
            response.Headers[ReplicaHeader] = replica.ReplicaId;
            if (replica.SnapshotIdentity is { } identity)
            {
                response.Headers[SnapshotHeader] = identity;
            }

            status = 200;
            if (request.Stream)
            {
                await StreamAsync(context, request, generation, answer).ConfigureAwait(false);
            }
            else
            {
                foreach (var (name, value) in InferenceResponseWriter.PerfMetrics(generation, answer))
                {
                    response.Headers[name] = value;
                }

                await WriteAsync(context, status, InferenceResponseWriter.Whole(request, generation, answer)).ConfigureAwait(false);
            }

            LogAnswered(state.Logger, path, replica.ReplicaId, replica.SnapshotIdentity ?? "(base)", generation.CompletionTokenIds.Length, requestId);
        }
        catch (InferenceError error)
        {
            status = error.Status;
            if (error.RetryAfter is { } retryAfter)
            {
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.Headers["retry-after-ms"] = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, status, InferenceResponseWriter.Error(error)).ConfigureAwait(false);
        }

        LogRequest(state.Logger, context.Request.Method, path, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
    }

    private static async Task StreamAsync(HttpContext context, InferenceRequest request, Generation generation, AnswerContext answer)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var body = response.BodyWriter;
        foreach (var chunk in InferenceResponseWriter.Chunks(request, generation, answer))
        {
            body.Write(DataPrefix);
            body.Write(chunk);
            body.Write(EventEnd);
            await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }

        body.Write(Done);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private void Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw new InferenceError(401, "authentication_error", "The request has no API key: send 'Authorization: Bearer <key>'.");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(header[BearerPrefix.Length..].Trim(), apiKey, StringComparison.Ordinal))
        {
            throw new InferenceError(401, "authentication_error", "The API key is not valid for this emulator.");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} /inference{Path} -> {Status} in {ElapsedMs:0.0} ms, request id {RequestId}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "/inference{Path} answered by {Replica} on snapshot {Snapshot} with {Tokens} tokens, request id {RequestId}")]
    private static partial void LogAnswered(ILogger logger, string path, string replica, string snapshot, int tokens, string requestId);
}
