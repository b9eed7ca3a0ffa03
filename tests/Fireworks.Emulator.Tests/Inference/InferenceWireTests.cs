using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>The inference endpoints' wire format, read with a raw HttpClient: JSON and SSE, token ids, logprobs, raw output, errors.</summary>
public sealed class InferenceWireTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";

    private static JsonObject Chat(string text, long seed = 7) => new()
    {
        ["model"] = Model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "be brief" }, new JsonObject { ["role"] = "user", ["content"] = text }),
        ["seed"] = seed,
        ["max_tokens"] = 12,
    };

    [Fact]
    public async Task Chat_answer_carries_token_ids_logprobs_raw_output_usage_and_perf_metrics_under_the_spec_names()
    {
        using var http = new InferenceHttp(Emulator);
        var body = Chat("name three colours");
        body["return_token_ids"] = true;
        body["logprobs"] = true;
        body["top_logprobs"] = 3;
        body["raw_output"] = true;
        body["perf_metrics_in_response"] = true;
        body["temperature"] = 0.7;

        var answer = await http.PostAsync("chat/completions", body);

        Assert.Equal(200, answer.Status);
        var root = answer.Body;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal(Model, root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        var tokenIds = choice.GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.InRange(tokenIds.Length, 1, 12);
        Assert.Equal(tokenIds.Length == 12 ? "length" : "stop", choice.GetProperty("finish_reason").GetString());

        var logprobs = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(tokenIds, logprobs.Select(l => l.GetProperty("token_id").GetInt32()));
        Assert.Equal(content, string.Concat(logprobs.Select(l => l.GetProperty("token").GetString())));
        Assert.All(logprobs, l =>
        {
            Assert.True(l.GetProperty("logprob").GetDouble() < 0);
            Assert.True(l.GetProperty("sampling_logprob").GetDouble() <= 0);
            Assert.NotEqual(l.GetProperty("logprob").GetDouble(), l.GetProperty("sampling_logprob").GetDouble());
            var top = l.GetProperty("top_logprobs").EnumerateArray().ToList();
            Assert.Equal(3, top.Count);
            Assert.True(top[0].GetProperty("logprob").GetDouble() >= top[1].GetProperty("logprob").GetDouble());
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(l.GetProperty("token").GetString()!).Select(b => (int)b), l.GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()));
            Assert.False(l.TryGetProperty("routing_matrix", out _));
        });

        var promptIds = root.GetProperty("prompt_token_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var raw = choice.GetProperty("raw_output");
        Assert.Equal(promptIds, raw.GetProperty("prompt_token_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(tokenIds, raw.GetProperty("completion_token_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(content, raw.GetProperty("completion").GetString());
        var fragments = raw.GetProperty("prompt_fragments").EnumerateArray().ToList();
        Assert.Contains(fragments, f => f.ValueKind == JsonValueKind.String && f.GetString() == "name three colours");
        Assert.Contains(fragments, f => f.ValueKind == JsonValueKind.Number);

        var usage = root.GetProperty("usage");
        Assert.Equal(promptIds.Length, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokenIds.Length, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(promptIds.Length + tokenIds.Length, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(promptIds.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("perf_metrics").GetProperty("fireworks-prompt-tokens").GetString());
        Assert.Equal(promptIds.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("fireworks-prompt-tokens"));
        Assert.Equal("serverless-0", answer.Header(Fireworks.Emulator.Inference.InferenceEndpoint.ReplicaHeader));
    }

    [Fact]
    public async Task Plain_answer_has_no_optional_parts()
    {
        using var http = new InferenceHttp(Emulator);
        var root = (await http.PostAsync("chat/completions", Chat("hello"))).Body;
        var choice = root.GetProperty("choices")[0];
        foreach (var absent in new[] { "logprobs", "raw_output", "token_ids" })
        {
            Assert.False(choice.TryGetProperty(absent, out _), absent);
        }

        Assert.False(root.TryGetProperty("prompt_token_ids", out _));
        Assert.False(root.TryGetProperty("perf_metrics", out _));
    }

    [Fact]
    public async Task Tokens_depend_on_the_prompt_and_the_seed_and_repeat_exactly()
    {
        using var http = new InferenceHttp(Emulator);
        async Task<string> Text(JsonObject body) => (await http.PostAsync("chat/completions", body)).Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

        var first = await Text(Chat("same prompt", seed: 1));
        Assert.Equal(first, await Text(Chat("same prompt", seed: 1)));
        Assert.NotEqual(first, await Text(Chat("same prompt", seed: 2)));
        Assert.NotEqual(first, await Text(Chat("other prompt", seed: 1)));
        var greedy = Chat("same prompt", seed: 1);
        greedy["temperature"] = 0;
        var greedyOtherSeed = Chat("same prompt", seed: 99);
        greedyOtherSeed["temperature"] = 0;
        Assert.Equal(await Text(greedy), await Text(greedyOtherSeed));
    }

    [Fact]
    public async Task Chat_stream_is_the_same_answer_in_chunks_with_usage_last_and_done()
    {
        using var http = new InferenceHttp(Emulator);
        var body = Chat("stream this");
        body["return_token_ids"] = true;
        body["logprobs"] = true;
        var whole = await http.PostAsync("chat/completions", body.DeepClone().AsObject());

        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        body["perf_metrics_in_response"] = true;
        var stream = await http.StreamAsync("chat/completions", body);

        var wholeChoice = whole.Body.GetProperty("choices")[0];
        Assert.Equal(wholeChoice.GetProperty("message").GetProperty("content").GetString(), stream.ChatText);
        Assert.All(stream.Chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", stream.Chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(
            whole.Body.GetProperty("prompt_token_ids").EnumerateArray().Select(e => e.GetInt32()),
            stream.Chunks[0].GetProperty("prompt_token_ids").EnumerateArray().Select(e => e.GetInt32()));
        var streamedIds = stream.Chunks.Select(c => c.GetProperty("choices")[0]).Where(c => c.TryGetProperty("token_ids", out _))
            .SelectMany(c => c.GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(wholeChoice.GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32()), streamedIds);
        var tokenChunks = stream.Chunks.Skip(1).SkipLast(1).ToList();
        Assert.All(tokenChunks, c => Assert.Single(c.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").EnumerateArray()));

        var last = stream.Last;
        Assert.Equal(wholeChoice.GetProperty("finish_reason").GetString(), last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(whole.Body.GetProperty("usage").GetProperty("total_tokens").GetInt32(), last.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.True(last.TryGetProperty("perf_metrics", out _));
        Assert.All(stream.Chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task Stream_sends_usage_last_unless_include_usage_is_false()
    {
        using var http = new InferenceHttp(Emulator);
        var plain = await http.StreamAsync("chat/completions", Chat("usage by default"));
        Assert.True(plain.Last.TryGetProperty("usage", out _));

        var body = Chat("no usage please");
        body["stream_options"] = new JsonObject { ["include_usage"] = false };
        var stream = await http.StreamAsync("chat/completions", body);
        Assert.All(stream.Chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.NotNull(stream.Last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Completions_answer_in_json_and_sse_with_legacy_logprobs_and_prompt_ids_on_the_choice()
    {
        using var http = new InferenceHttp(Emulator);
        JsonObject Body() => new() { ["model"] = Model, ["prompt"] = "Once upon a time", ["max_tokens"] = 6, ["ignore_eos"] = true, ["logprobs"] = 2, ["return_token_ids"] = true, ["seed"] = 3 };

        var whole = await http.PostAsync("completions", Body());
        Assert.Equal("text_completion", whole.Body.GetProperty("object").GetString());
        var choice = whole.Body.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(4, choice.GetProperty("prompt_token_ids").GetArrayLength());
        Assert.Equal(6, choice.GetProperty("token_ids").GetArrayLength());
        var legacy = choice.GetProperty("logprobs");
        Assert.Equal(6, legacy.GetProperty("tokens").GetArrayLength());
        Assert.Equal(6, legacy.GetProperty("token_logprobs").GetArrayLength());
        Assert.All(legacy.GetProperty("top_logprobs").EnumerateArray(), t => Assert.Equal(2, t.EnumerateObject().Count()));
        Assert.Equal(choice.GetProperty("text").GetString(), string.Concat(legacy.GetProperty("tokens").EnumerateArray().Select(t => t.GetString())));

        var stream = await http.StreamAsync("completions", Body());
        Assert.Equal(choice.GetProperty("text").GetString(), string.Concat(stream.Chunks.Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString())));
        Assert.Equal(4, stream.Chunks[0].GetProperty("choices")[0].GetProperty("prompt_token_ids").GetArrayLength());
        Assert.All(stream.Chunks.Skip(1), c => Assert.False(c.GetProperty("choices")[0].TryGetProperty("prompt_token_ids", out _)));
        Assert.Equal("length", stream.Last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Prompt_given_as_token_ids_is_answered_and_echoed_in_prompt_token_ids()
    {
        using var http = new InferenceHttp(Emulator);
        var answer = await http.PostAsync("completions", new JsonObject { ["model"] = Model, ["prompt"] = new JsonArray(11, 1003, 1017), ["return_token_ids"] = true, ["max_tokens"] = 3 });
        Assert.Equal(new[] { 11, 1003, 1017 }, answer.Body.GetProperty("choices")[0].GetProperty("prompt_token_ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Moe_model_returns_a_routing_matrix_per_token()
    {
        using var http = new InferenceHttp(Emulator);
        var body = Chat("route me");
        body["model"] = "accounts/fireworks/models/qwen3-30b-a3b";
        body["logprobs"] = true;
        var answer = await http.PostAsync("chat/completions", body);
        var entries = answer.Body.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e =>
        {
            var experts = Convert.FromBase64String(e.GetProperty("routing_matrix").GetString()!);
            Assert.Equal(8, experts.Length);
            Assert.All(experts, x => Assert.InRange(x, 0, 7));
            Assert.All(experts.Chunk(2), pair => Assert.NotEqual(pair[0], pair[1]));
        });
    }

    [Fact]
    public async Task Stop_sequence_cuts_the_answer_before_it()
    {
        using var http = new InferenceHttp(Emulator);
        var body = Chat("stop early");
        body["max_tokens"] = 8;
        body["ignore_eos"] = true;
        var full = (await http.PostAsync("chat/completions", body.DeepClone().AsObject())).Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var words = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        body["stop"] = words[3];
        var cut = (await http.PostAsync("chat/completions", body)).Body.GetProperty("choices")[0];
        Assert.Equal("stop", cut.GetProperty("finish_reason").GetString());
        Assert.Equal(full[..full.IndexOf(words[3], StringComparison.Ordinal)], cut.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Tool_call_is_made_when_required_with_typed_arguments()
    {
        using var http = new InferenceHttp(Emulator);
        var body = Chat("what is the weather");
        body["tools"] = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = "get_weather",
                ["parameters"] = JsonNode.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}"""),
            },
        });
        body["tool_choice"] = "required";
        var choice = (await http.PostAsync("chat/completions", body.DeepClone().AsObject())).Body.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement;
        Assert.Equal(JsonValueKind.String, arguments.GetProperty("city").ValueKind);
        Assert.Equal(JsonValueKind.Number, arguments.GetProperty("days").ValueKind);

        var stream = await http.StreamAsync("chat/completions", body);
        var streamed = stream.Chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta")).Single(d => d.TryGetProperty("tool_calls", out _)).GetProperty("tool_calls")[0];
        Assert.Equal(call.GetProperty("id").GetString(), streamed.GetProperty("id").GetString());
        Assert.Equal("tool_calls", stream.Last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", 400, "model is required")]
    [InlineData("""{"model":"m","messages":[]}""", 400, "messages is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":3}""", 400, "temperature must be between 0 and 2")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"top_logprobs":9}""", 400, "top_logprobs must be between 0 and 5")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"echo":true}""", 400, "echo and echo_last are not emulated")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"n":2}""", 400, "n = 2")]
    [InlineData("""{"model":"m#accounts/emulator/deployments/missing","messages":[{"role":"user","content":"x"}]}""", 404, "missing\" not found")]
    public async Task Bad_requests_get_an_error_naming_the_problem(string json, int status, string message)
    {
        using var http = new InferenceHttp(Emulator);
        var answer = await http.PostAsync("chat/completions", JsonNode.Parse(json)!.AsObject());
        Assert.Equal(status, answer.Status);
        var error = answer.Body.GetProperty("error");
        Assert.Equal("error", error.GetProperty("object").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused()
    {
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        using var response = await http.PostAsync("/inference/v1/chat/completions", new StringContent(Chat("x").ToJsonString()));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.DoesNotContain("wrong", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
