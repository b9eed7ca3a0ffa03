using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Fireworks;

/// <summary>
/// The SDK's OpenTelemetry signals, on <see cref="System.Diagnostics"/> only (no OpenTelemetry package): one
/// <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="SourceName"/>. Nothing is recorded
/// unless a listener subscribed.
/// </summary>
public static class FireworksTelemetry
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>: <c>Fireworks.Generated</c>.</summary>
    public const string SourceName = "Fireworks.Generated";

    private static readonly string? Version = typeof(FireworksTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    internal static readonly ActivitySource Source = new(SourceName, Version);

    internal static readonly Meter Meter = new(SourceName, Version);

    /// <summary>Duration of each operation, all attempts and delays included.</summary>
    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "fireworks.client.operation.duration", "s", "Duration of Fireworks API operations, retries included.");

    /// <summary>Retries scheduled by the retry policy.</summary>
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "fireworks.client.retries", "{retry}", "Attempts repeated by the retry policy.");

    /// <summary>Duration of waits for a resource state or a long-running operation.</summary>
    internal static readonly Histogram<double> WaitDuration = Meter.CreateHistogram<double>(
        "fireworks.client.wait.duration", "s", "Duration of waits for a resource state or a long-running operation.");

    /// <summary>Bytes a hot-load push uploaded.</summary>
    internal static readonly Counter<long> HotLoadBytes = Meter.CreateCounter<long>(
        "fireworks.hotload.uploaded_bytes", "By", "Bytes uploaded by hot-load snapshot pushes.");

    /// <summary>Duration of hot-load pushes.</summary>
    internal static readonly Histogram<double> HotLoadDuration = Meter.CreateHistogram<double>(
        "fireworks.hotload.push.duration", "s", "Duration of hot-load snapshot pushes (upload and signal).");

    /// <summary>gen_ai client operation duration (OpenTelemetry gen_ai semantic conventions).</summary>
    internal static readonly Histogram<double> GenAiOperationDuration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", "s", "GenAI operation duration.");

    /// <summary>gen_ai token usage (OpenTelemetry gen_ai semantic conventions), tagged input/output.</summary>
    internal static readonly Histogram<long> GenAiTokenUsage = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");

    /// <summary>Time from sending a streaming request to its first chunk.</summary>
    internal static readonly Histogram<double> GenAiTimeToFirstChunk = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.time_to_first_chunk", "s", "Time to receive the first chunk of a streaming response.");

    /// <summary>Whether an operation is worth instrumenting: a span or the duration metric has a listener.</summary>
    internal static bool IsEnabled => Source.HasListeners() || OperationDuration.Enabled;

    internal static void RecordRetry(FireworksMessage message)
    {
        if (Retries.Enabled)
        {
            Retries.Add(1, new KeyValuePair<string, object?>(Tags.Operation, message.OperationId));
        }
    }

    /// <summary>The attribute names the SDK uses (OpenTelemetry semantic conventions where one exists).</summary>
    internal static class Tags
    {
        internal const string Operation = "fireworks.operation";
        internal const string HttpMethod = "http.request.method";
        internal const string ServerAddress = "server.address";
        internal const string ServerPort = "server.port";
        internal const string UrlTemplate = "url.template";
        internal const string StatusCode = "http.response.status_code";
        internal const string ErrorType = "error.type";
        internal const string RpcCode = "fireworks.rpc.code";
        internal const string RequestId = "fireworks.request_id";
        internal const string Attempts = "fireworks.attempts";
        internal const string Resource = "fireworks.resource";
        internal const string ResourceKind = "fireworks.resource.kind";
        internal const string Polls = "fireworks.wait.polls";
        internal const string FinalState = "fireworks.wait.state";
        internal const string Outcome = "fireworks.outcome";
        internal const string Deployment = "fireworks.deployment";
        internal const string Snapshot = "fireworks.hotload.snapshot";
        internal const string SnapshotKind = "fireworks.hotload.kind";
        internal const string UploadedBytes = "fireworks.hotload.uploaded_bytes";
        internal const string GenAiOperation = "gen_ai.operation.name";
        internal const string GenAiProvider = "gen_ai.provider.name";
        internal const string GenAiRequestModel = "gen_ai.request.model";
        internal const string GenAiResponseModel = "gen_ai.response.model";
        internal const string GenAiResponseId = "gen_ai.response.id";
        internal const string GenAiInputTokens = "gen_ai.usage.input_tokens";
        internal const string GenAiOutputTokens = "gen_ai.usage.output_tokens";
        internal const string GenAiTokenType = "gen_ai.token.type";
        internal const string GenAiTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    }
}
