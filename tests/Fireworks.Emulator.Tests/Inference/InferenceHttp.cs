using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>Raw HTTP calls to the emulator's inference endpoints, so the wire format itself is what the tests check.</summary>
internal sealed class InferenceHttp : IDisposable
{
    private readonly HttpClient http;

    public InferenceHttp(FireworksEmulator emulator)
    {
        http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
    }

    public sealed record Answer(int Status, HttpResponseHeaders Headers, JsonElement Body)
    {
        public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.Single() : null;
    }

    public sealed record StreamAnswer(HttpResponseHeaders Headers, IReadOnlyList<JsonElement> Chunks, string Raw)
    {
        public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.Single() : null;

        public string ChatText => string.Concat(Chunks.Select(c => c.GetProperty("choices")[0]).Where(c => c.TryGetProperty("delta", out var d) && d.TryGetProperty("content", out _)).Select(c => c.GetProperty("delta").GetProperty("content").GetString()));

        public JsonElement Last => Chunks[^1];
    }

    public async Task<Answer> PostAsync(string endpoint, JsonObject body, IDictionary<string, string>? headers = null)
    {
        using var response = await http.SendAsync(Request(endpoint, body, headers));
        var text = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, response.Headers, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<StreamAnswer> StreamAsync(string endpoint, JsonObject body, IDictionary<string, string>? headers = null)
    {
        body["stream"] = true;
        using var response = await http.SendAsync(Request(endpoint, body, headers), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        var events = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        Assert.EndsWith("data: [DONE]\n\n", raw, StringComparison.Ordinal);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone()).ToList();
        return new StreamAnswer(response.Headers, chunks, raw);
    }

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage Request(string endpoint, JsonObject body, IDictionary<string, string>? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/inference/v1/" + endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return request;
    }
}
