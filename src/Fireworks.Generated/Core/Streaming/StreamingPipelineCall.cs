using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions;

namespace Fireworks;

/// <summary>
/// A call whose 2xx response is a <c>text/event-stream</c> handed to the caller unread: retries and the call timeout
/// cover the attempts up to the response headers; once the stream has started nothing is retried.
/// </summary>
internal sealed class StreamingPipelineCall : PipelineCall
{
    internal const string EventStreamMediaType = "text/event-stream";

    internal StreamingPipelineCall(FireworksPipeline pipeline, RequestInformation request, string operationId, RequestOptions? options)
        : base(pipeline, request, operationId, options)
    {
    }

    /// <summary>The open response, owned by the caller once the call succeeded.</summary>
    internal HttpResponseMessage? Response { get; private set; }

    protected override bool KeepsSuccessResponse => true;

    protected override async ValueTask ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType is { MediaType: { } mediaType } && !string.Equals(mediaType, EventStreamMediaType, StringComparison.OrdinalIgnoreCase))
        {
            // A server that ignored the stream request answers JSON: say so, with the start of what it sent.
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw UnreadableBody(
                response,
                $"expected a {EventStreamMediaType} response, got {mediaType}: {ErrorResponseParser.Snippet(Pipeline.Redactor.RedactBody(body))}",
                innerException: null);
        }

        Response = response;
    }

    /// <summary>Asks for an event stream (the SDK's default <c>Accept</c> is JSON).</summary>
    internal static void AcceptEventStream(RequestInformation request)
    {
        request.Headers.Add("Accept", EventStreamMediaType);
    }
}
