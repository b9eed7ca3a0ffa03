using System.Net;
using System.Text;
using System.Text.Json;
using Fireworks.Extensions.AI;
using Microsoft.Extensions.AI;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>
/// The <see cref="IChatClient"/> adapter's mapping, against an in-process handler that records the request body and
/// answers with canned JSON or SSE: what Microsoft.Extensions.AI callers set reaches the wire, and what the server
/// sends reaches them.
/// </summary>
public sealed class ChatClientMappingTests
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";

    private const string TextAnswer = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"accounts/fireworks/models/qwen3-8b",
         "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}
        """;

    [Theory]
    [InlineData(ReasoningEffort.None, "none")]
    [InlineData(ReasoningEffort.Low, "low")]
    [InlineData(ReasoningEffort.Medium, "medium")]
    [InlineData(ReasoningEffort.High, "high")]
    [InlineData(ReasoningEffort.ExtraHigh, "max")]
    public async Task Reasoning_effort_reaches_the_request_as_reasoning_effort(ReasoningEffort effort, string wire)
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "think")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });

        Assert.Equal(wire, server.LastBody.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public async Task Reasoning_output_the_api_cannot_honour_is_refused_by_name()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "think")],
            new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.Summary } }));

        Assert.Contains("ChatOptions.Reasoning.Output", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_conversation_id_or_continuation_token_is_refused_rather_than_starting_a_fresh_answer()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        var conversation = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "x")], new ChatOptions { ConversationId = "conv-1" }));
        var continuation = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "x")], new ChatOptions { ContinuationToken = new Token() }));

        Assert.Contains("ChatOptions.ConversationId", conversation.Message, StringComparison.Ordinal);
        Assert.Contains("ChatOptions.ContinuationToken", continuation.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Streamed_finish_reasons_map_to_the_well_known_values()
    {
        var server = new CannedServer(Sse(
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"hi"}}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"""));
        using var chat = Chat(server);

        var response = await chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]).ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("hi", response.Text);
    }

    [Fact]
    public async Task Parallel_streamed_tool_calls_are_kept_apart_by_index()
    {
        var server = new CannedServer(Sse(
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":"{\"x\":"}}]}}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":"{\"y\":2}"}}]}}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"""));
        using var chat = Chat(server);

        var response = await chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]).ToChatResponseAsync();

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal(1, ((JsonElement)calls[0].Arguments!["x"]!).GetInt32());
        Assert.Equal(2, ((JsonElement)calls[1].Arguments!["y"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public void GetService_asked_for_an_interface_both_implement_answers_with_the_chat_client_not_the_sdk_client()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        Assert.Same(chat, chat.GetService<IDisposable>());
        Assert.Same(chat, chat.GetService<object>());
        Assert.NotNull(chat.GetService<FireworksClient>());
    }

    [Fact]
    public async Task Option_tools_are_added_to_the_tools_already_on_the_raw_request()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);
        var rawTool = FunctionTool("from_raw");

        await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            RawRepresentationFactory = _ => new Fireworks.Models.ChatCompletionRequest { Model = "", Messages = [], Tools = [rawTool] },
            Tools = [AIFunctionFactory.Create(() => 1, "from_options")],
        });

        var names = server.LastBody.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(["from_raw", "from_options"], names);
    }

    [Theory]
    [MemberData(nameof(ToolModesThatNeedNoTool))]
    public async Task Tool_choice_and_parallel_tool_calls_are_not_sent_without_tools(string mode)
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            ToolMode = mode == "none" ? ChatToolMode.None : ChatToolMode.Auto,
            AllowMultipleToolCalls = false,
            Tools = [],
        });

        Assert.False(server.LastBody.TryGetProperty("tool_choice", out _));
        Assert.False(server.LastBody.TryGetProperty("parallel_tool_calls", out _));
    }

    public static TheoryData<string> ToolModesThatNeedNoTool => new() { "none", "auto" };

    [Fact]
    public async Task Tool_choice_and_parallel_tool_calls_are_sent_with_tools_from_the_raw_request()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);
        var rawTool = FunctionTool("from_raw");

        await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            RawRepresentationFactory = _ => new Fireworks.Models.ChatCompletionRequest { Model = "", Messages = [], Tools = [rawTool] },
            ToolMode = ChatToolMode.RequireSpecific("from_raw"),
            AllowMultipleToolCalls = false,
        });

        Assert.Equal("from_raw", server.LastBody.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.False(server.LastBody.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public async Task A_required_tool_mode_without_tools_is_refused_by_name()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "x")], new ChatOptions { ToolMode = ChatToolMode.RequireAny }));

        Assert.Contains("ChatOptions.ToolMode", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_raw_request_asking_for_several_choices_is_refused_rather_than_keeping_the_first()
    {
        var server = new CannedServer("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop"},
                        {"index":1,"message":{"role":"assistant","content":"b"},"finish_reason":"stop"}]}
            """);
        using var chat = Chat(server);
        var options = new ChatOptions { RawRepresentationFactory = _ => new Fireworks.Models.ChatCompletionRequest { Model = "", Messages = [], N = 2 } };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], options));
        var streamed = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], options).ToChatResponseAsync());

        Assert.Contains("ChatCompletionRequest.N", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChatCompletionRequest.N", streamed.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_raw_request_asking_for_one_choice_is_sent()
    {
        var server = new CannedServer(TextAnswer);
        using var chat = Chat(server);

        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            RawRepresentationFactory = _ => new Fireworks.Models.ChatCompletionRequest { Model = "", Messages = [], N = 1 },
        });

        Assert.Equal("hi", response.Text);
        Assert.Equal(1, server.LastBody.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Answer_content_sent_as_a_list_of_parts_reaches_the_caller()
    {
        var server = new CannedServer("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m",
             "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":[
               {"type":"text","text":"hello "},
               {"type":"image_url","image_url":{"url":"https://example.test/cat.png"}},
               {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
               {"type":"video_url","video_url":{"url":"https://example.test/clip.mp4"}},
               {"type":"text","text":"world"},
               {"type":"audio","audio":{"id":"a1"}},
               {"type":"image_url","image_url":{"url":"data:not-a-data-uri"}}]}}]}
            """);
        using var chat = Chat(server);

        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);

        var contents = response.Messages.Single().Contents;
        Assert.Equal("hello world", response.Text);
        Assert.Equal(7, contents.Count);
        var image = Assert.IsType<UriContent>(contents[1]);
        Assert.Equal(new Uri("https://example.test/cat.png"), image.Uri);
        Assert.Equal("image/png", image.MediaType);
        var data = Assert.IsType<DataContent>(contents[2]);
        Assert.Equal("image/png", data.MediaType);
        Assert.Equal("video/mp4", Assert.IsType<UriContent>(contents[3]).MediaType);
        var unknown = Assert.IsType<AIContent>(contents[5]);
        Assert.Equal("audio", Assert.IsType<Fireworks.Models.ChatMessageContentPart>(unknown.RawRepresentation).Type);
        var malformed = Assert.IsType<AIContent>(contents[6]);
        Assert.Equal("data:not-a-data-uri", Assert.IsType<Fireworks.Models.ChatMessageContentPart>(malformed.RawRepresentation).ImageUrl!.Url);
    }

    [Fact]
    public async Task Answer_content_of_a_shape_the_spec_does_not_name_stays_reachable()
    {
        var server = new CannedServer("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m",
             "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":{"kind":"new"}}}]}
            """);
        using var chat = Chat(server);

        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);

        var content = Assert.IsType<AIContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("new", Assert.IsType<JsonElement>(content.RawRepresentation).GetProperty("kind").GetString());
    }

    private static Fireworks.Models.ChatCompletionTool FunctionTool(string name) => new()
    {
        Type = Fireworks.Models.ChatCompletionToolType.Function,
        Function = new Fireworks.Models.ChatCompletionFunction { Name = name },
    };

    private static IChatClient Chat(CannedServer server)
    {
        var options = new FireworksClientOptions
        {
            ApiKey = "fw-test-key",
            BaseUrl = new Uri("http://127.0.0.1:9"),
            HttpMessageHandler = server,
            MaxRetries = 0,
        };
        return new FireworksClient(options).AsIChatClient(Model);
    }

    private static string Sse(params string[] chunks) =>
        string.Concat(chunks.Select(c => "data: " + c + "\n\n")) + "data: [DONE]\n\n";

    private sealed class Token : ResponseContinuationToken
    {
        public override ReadOnlyMemory<byte> ToBytes() => new byte[] { 1 };
    }

    /// <summary>Answers every request with one body (SSE when it starts with <c>data:</c>) and keeps the last request's JSON.</summary>
    private sealed class CannedServer(string body) : HttpMessageHandler
    {
        private JsonElement? _lastBody;

        public int Requests { get; private set; }

        public JsonElement LastBody => _lastBody ?? throw new InvalidOperationException("No request was sent.");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (request.Content is not null)
            {
                using var document = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
                _lastBody = document.RootElement.Clone();
            }

            var sse = body.StartsWith("data:", StringComparison.Ordinal);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(body, Encoding.UTF8, sse ? "text/event-stream" : "application/json"),
            };
        }
    }
}
