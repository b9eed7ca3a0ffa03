using System.Diagnostics;

namespace Fireworks;

/// <summary>
/// Outermost: one span per operation (named by its operationId, kind Client) and the operation-duration metric, so
/// both cover timeouts, retries and delays. Spans of the attempts' HTTP requests (System.Net.Http's own) are its
/// children. Costs nothing when no listener subscribed to <see cref="FireworksTelemetry.SourceName"/>.
/// </summary>
internal sealed class TelemetryPolicy : FireworksPolicy
{
    internal static TelemetryPolicy Instance { get; } = new();

    public override ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline) =>
        FireworksTelemetry.IsEnabled ? ProcessTracedAsync(message, pipeline) : ProcessNextAsync(message, pipeline);

    /// <summary>
    /// Whether a stream's time to its first chunk is wanted (a span or the metric listens): when not, the stream does not
    /// read the clock for it.
    /// </summary>
    /// <param name="message">The streaming call.</param>
    /// <returns>Whether to measure it.</returns>
    internal static bool MeasuresTimeToFirstChunk(FireworksMessage message) =>
        message.Activity is not null || FireworksTelemetry.GenAiTimeToFirstChunk.Enabled;

    /// <summary>Ends the span of a stream that the telemetry policy left open, once the stream ended.</summary>
    /// <param name="message">The streaming call.</param>
    /// <param name="lastChunk">The last chunk read (it carries the usage when the server sends it), or null.</param>
    /// <param name="firstChunkAfter">The time from the request to the first chunk, or null when none arrived.</param>
    /// <param name="failure">Why the stream ended early, or null when it completed.</param>
    internal static void EndStream(FireworksMessage message, object? lastChunk, TimeSpan? firstChunkAfter, Exception? failure)
    {
        var activity = message.Activity;
        var genAi = GenAiTelemetry.Describe(message.Body.Body);
        var errorType = failure is null ? null : ErrorTypeOf(failure);
        if (activity is not null)
        {
            if (firstChunkAfter is { } ttfc)
            {
                activity.SetTag(FireworksTelemetry.Tags.GenAiTimeToFirstChunk, ttfc.TotalSeconds);
            }

            if (failure is not null)
            {
                TagFailure(activity, failure, errorType!);
            }
        }

        if (genAi is { } request)
        {
            GenAiTelemetry.TagResponse(activity, request, lastChunk, recordUsage: true);
            if (firstChunkAfter is { } ttfc && FireworksTelemetry.GenAiTimeToFirstChunk.Enabled)
            {
                FireworksTelemetry.GenAiTimeToFirstChunk.Record(
                    ttfc.TotalSeconds,
                    new(FireworksTelemetry.Tags.GenAiOperation, request.Operation),
                    new(FireworksTelemetry.Tags.GenAiRequestModel, request.Model));
            }

            GenAiTelemetry.RecordDuration(request, message.Pipeline.TimeProvider, message.StartTimestamp, errorType);
        }

        activity?.Dispose();
        message.Activity = null;
    }

    private static async ValueTask ProcessTracedAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        var operation = message.Operation;
        var activity = FireworksTelemetry.Source.StartActivity(operation.OperationId, ActivityKind.Client);
        var genAi = GenAiTelemetry.Describe(message.Body.Body);
        if (activity is { IsAllDataRequested: true })
        {
            var uri = message.Request.RequestUri!;
            activity.SetTag(FireworksTelemetry.Tags.HttpMethod, operation.Method.Method);
            activity.SetTag(FireworksTelemetry.Tags.ServerAddress, uri.Host);
            activity.SetTag(FireworksTelemetry.Tags.ServerPort, uri.Port);
            activity.SetTag(FireworksTelemetry.Tags.UrlTemplate, operation.PathTemplate);
            activity.SetTag(FireworksTelemetry.Tags.Operation, operation.OperationId);
            if (genAi is { } request)
            {
                GenAiTelemetry.TagRequest(activity, request);
            }
        }

        message.Activity = activity;
        var time = message.Pipeline.TimeProvider;
        var start = time.GetTimestamp();
        Exception? failure = null;
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            var errorType = failure is null ? null : ErrorTypeOf(failure);
            var status = message.Response is { } response ? (int)response.StatusCode : failure is FireworksException { HasResponse: true } answered ? answered.HttpStatus : 0;
            if (activity is not null)
            {
                if (status != 0)
                {
                    activity.SetTag(FireworksTelemetry.Tags.StatusCode, status);
                }

                activity.SetTag(FireworksTelemetry.Tags.Attempts, message.Attempt);
                if (message.Response is { } answer && ErrorResponseParser.GetRequestId(answer, message.Redactor) is { } requestId)
                {
                    activity.SetTag(FireworksTelemetry.Tags.RequestId, requestId);
                }

                if (failure is not null)
                {
                    TagFailure(activity, failure, errorType!);
                }
            }

            var streamStarted = failure is null && message.Reader.KeepsSuccessResponse;
            if (genAi is { } request && !streamStarted)
            {
                GenAiTelemetry.TagResponse(activity, request, message.Reader.ResultObject, recordUsage: failure is null);
                GenAiTelemetry.RecordDuration(request, time, start, errorType);
            }

            if (!streamStarted)
            {
                // A stream's span ends with the stream (EndStream).
                activity?.Dispose();
                message.Activity = null;
            }

            if (FireworksTelemetry.OperationDuration.Enabled)
            {
                FireworksTelemetry.OperationDuration.Record(
                    time.GetElapsedTime(start).TotalSeconds,
                    new(FireworksTelemetry.Tags.Operation, operation.OperationId),
                    new(FireworksTelemetry.Tags.HttpMethod, operation.Method.Method),
                    new(FireworksTelemetry.Tags.StatusCode, status == 0 ? null : status),
                    new(FireworksTelemetry.Tags.ErrorType, errorType));
            }
        }
    }

    private static void TagFailure(Activity activity, Exception failure, string errorType)
    {
        activity.SetTag(FireworksTelemetry.Tags.ErrorType, errorType);
        if (failure is FireworksException fireworks)
        {
            activity.SetTag(FireworksTelemetry.Tags.RpcCode, fireworks.CodeName);
            if (fireworks.RequestId is { } requestId)
            {
                activity.SetTag(FireworksTelemetry.Tags.RequestId, requestId);
            }

            // The message is redacted (no key, no signed URL).
            activity.SetStatus(ActivityStatusCode.Error, fireworks.Message);
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }
    }

    /// <summary>The span's and metric's <c>error.type</c>: the google.rpc code name, else the exception type.</summary>
    private static string ErrorTypeOf(Exception failure) => failure is FireworksException fireworks ? fireworks.CodeName : failure.GetType().FullName ?? failure.GetType().Name;
}
