using System.Net;
using System.Net.Http.Headers;

namespace Fireworks.Benchmarks.Inference;

/// <summary>Answers every request with the same bytes, from memory: the network is out of the measurement, the SDKs are not.</summary>
internal sealed class CannedHandler(byte[] body, string mediaType) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
