using System.Diagnostics;
using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// The OpenTelemetry gen_ai semantic conventions for the inference API's completions: operation name, provider,
/// requested and answered model, token usage and, for streams, the time to the first chunk. Recognized by the
/// request and response types, so a renamed operation keeps its telemetry.
/// </summary>
internal static class GenAiTelemetry
{
    private const string Provider = "fireworks";

    /// <summary>The gen_ai operation and requested model of a request body, or null when it is not a completion.</summary>
    internal static (string Operation, string Model)? Describe(object? body) => body switch
    {
        ChatCompletionRequest chat => ("chat", chat.Model),
        CompletionRequest completion => ("text_completion", completion.Model),
        _ => null,
    };

    /// <summary>Tags a completion's span with the request attributes.</summary>
    internal static void TagRequest(Activity activity, (string Operation, string Model) request)
    {
        activity.SetTag(FireworksTelemetry.Tags.GenAiOperation, request.Operation);
        activity.SetTag(FireworksTelemetry.Tags.GenAiProvider, Provider);
        activity.SetTag(FireworksTelemetry.Tags.GenAiRequestModel, request.Model);
    }

    /// <summary>Tags the span with what a response or a stream chunk says (model, id, usage) and records usage metrics once.</summary>
    internal static void TagResponse(Activity? activity, (string Operation, string Model) request, object? response, bool recordUsage)
    {
        var (id, model, usage) = response switch
        {
            ChatCompletionResponse chat => (chat.Id, chat.Model, chat.Usage),
            CompletionResponse completion => (completion.Id, completion.Model, completion.Usage),
            ChatCompletionStreamResponse chunk => (chunk.Id, chunk.Model, chunk.Usage),
            CompletionStreamResponse chunk => (chunk.Id, chunk.Model, chunk.Usage),
            _ => (null, null, null),
        };
        if (activity is not null)
        {
            activity.SetTag(FireworksTelemetry.Tags.GenAiResponseId, id);
            activity.SetTag(FireworksTelemetry.Tags.GenAiResponseModel, model);
            if (usage is not null)
            {
                activity.SetTag(FireworksTelemetry.Tags.GenAiInputTokens, usage.PromptTokens);
                activity.SetTag(FireworksTelemetry.Tags.GenAiOutputTokens, usage.CompletionTokens);
            }
        }

        if (recordUsage && usage is not null && FireworksTelemetry.GenAiTokenUsage.Enabled)
        {
            var operation = new KeyValuePair<string, object?>(FireworksTelemetry.Tags.GenAiOperation, request.Operation);
            var requestModel = new KeyValuePair<string, object?>(FireworksTelemetry.Tags.GenAiRequestModel, request.Model);
            var provider = new KeyValuePair<string, object?>(FireworksTelemetry.Tags.GenAiProvider, Provider);
            FireworksTelemetry.GenAiTokenUsage.Record(usage.PromptTokens, operation, requestModel, provider, new(FireworksTelemetry.Tags.GenAiTokenType, "input"));
            if (usage.CompletionTokens is { } output)
            {
                FireworksTelemetry.GenAiTokenUsage.Record(output, operation, requestModel, provider, new(FireworksTelemetry.Tags.GenAiTokenType, "output"));
            }
        }
    }

    /// <summary>Records a completion's duration (gen_ai.client.operation.duration); the clock is read only when someone listens.</summary>
    internal static void RecordDuration((string Operation, string Model) request, TimeProvider time, long startTimestamp, string? errorType)
    {
        if (FireworksTelemetry.GenAiOperationDuration.Enabled)
        {
            FireworksTelemetry.GenAiOperationDuration.Record(
                time.GetElapsedTime(startTimestamp).TotalSeconds,
                new(FireworksTelemetry.Tags.GenAiOperation, request.Operation),
                new(FireworksTelemetry.Tags.GenAiRequestModel, request.Model),
                new(FireworksTelemetry.Tags.GenAiProvider, Provider),
                new(FireworksTelemetry.Tags.ErrorType, errorType));
        }
    }
}
