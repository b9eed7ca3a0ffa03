using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Fireworks.Tests.Inference;

/// <summary>
/// A response body delivered in the given segments (each read returns at most one segment), optionally failing or
/// hanging after the last one; records whether it was disposed.
/// </summary>
internal sealed class ScriptedStream(IReadOnlyList<byte[]> segments, Exception? failAfter = null, bool hangAfter = false) : ReadOnlyTestStream
{
    private int _segment;
    private int _offset;

    public static HttpResponseMessage Response(ScriptedStream body, params (string Name, string Value)[] headers)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    public static ScriptedStream Of(string text) => new([Encoding.UTF8.GetBytes(text)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        while (_segment < segments.Count && _offset == segments[_segment].Length)
        {
            _segment++;
            _offset = 0;
        }

        if (_segment == segments.Count)
        {
            if (failAfter is not null) throw failAfter;
            if (hangAfter) await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        var source = segments[_segment].AsMemory(_offset);
        var count = Math.Min(source.Length, buffer.Length);
        source[..count].CopyTo(buffer);
        _offset += count;
        return count;
    }
}
