using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Extensions.AI;
using Microsoft.Extensions.AI;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>The Microsoft.Extensions.AI <see cref="IChatClient"/> over the SDK, against the emulator.</summary>
public sealed class ChatClientTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";

    private IChatClient Chat()
    {
        var options = Emulator.CreateClientOptions();
        options.MaxRetries = 0;
        return new FireworksClient(options).AsIChatClient(Model);
    }

    private async Task<JsonElement> RawAsync(JsonObject body)
    {
        using var http = new InferenceHttp(Emulator);
        body["model"] = Model;
        return (await http.PostAsync("chat/completions", body)).Body;
    }

    [Fact]
    public async Task Response_carries_text_usage_finish_reason_and_ids_and_options_reach_the_request()
    {
        using var chat = Chat();
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "tell me a story")],
            new ChatOptions { Instructions = "be brief", MaxOutputTokens = 9, Seed = 5, Temperature = 0.5f, TopK = 40 });

        var raw = await RawAsync(new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "be brief" }, new JsonObject { ["role"] = "user", ["content"] = "tell me a story" }),
            ["max_tokens"] = 9, ["seed"] = 5, ["temperature"] = 0.5, ["top_k"] = 40,
        });
        Assert.Equal(raw.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
        Assert.Equal(Model, response.ModelId);
        Assert.StartsWith("chatcmpl-", response.ResponseId, StringComparison.Ordinal);
        Assert.NotNull(response.CreatedAt);
        Assert.Equal(raw.GetProperty("usage").GetProperty("total_tokens").GetInt32(), response.Usage!.TotalTokenCount);
        Assert.Equal(raw.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), response.Usage.OutputTokenCount);
        Assert.Equal(raw.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop, response.FinishReason);
        Assert.IsType<Fireworks.Models.ChatCompletionResponse>(response.RawRepresentation);
    }

    [Fact]
    public async Task Streaming_gives_the_same_answer_with_usage_and_finish_reason()
    {
        using var chat = Chat();
        var options = new ChatOptions { MaxOutputTokens = 12, Seed = 3, StopSequences = ["zz"] };
        var whole = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "stream please")], options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "stream please")], options))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.Usage!.TotalTokenCount, streamed.Usage!.TotalTokenCount);
        Assert.Equal(Model, streamed.ModelId);
        Assert.True(updates.Count > 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_calls_come_back_as_FunctionCallContent_and_results_go_back_as_tool_messages(bool streaming)
    {
        using var chat = Chat();
        var tool = AIFunctionFactory.Create((string city, int days) => $"sunny in {city} for {days} days", "get_weather", "Weather for a city");
        var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny, MaxOutputTokens = 8 };
        List<ChatMessage> history = [new(ChatRole.User, "what is the weather")];

        var response = streaming
            ? await chat.GetStreamingResponseAsync(history, options).ToChatResponseAsync()
            : await chat.GetResponseAsync(history, options);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, Assert.IsType<JsonElement>(call.Arguments!["city"]).ValueKind);
        Assert.Equal(JsonValueKind.Number, Assert.IsType<JsonElement>(call.Arguments!["days"]).ValueKind);

        history.AddRange(response.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny")]));
        var answer = await chat.GetResponseAsync(history, new ChatOptions { Tools = [tool], MaxOutputTokens = 8 });
        Assert.False(string.IsNullOrEmpty(answer.Text));
        Assert.NotEqual(ChatFinishReason.ToolCalls, answer.FinishReason);
    }

    [Fact]
    public async Task Unmapped_options_are_refused_by_name()
    {
        using var chat = Chat();
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "x")],
            new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["mystery"] = 1 } }));
        Assert.Contains("mystery", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_names_the_provider_and_model_and_the_sdk_client_is_reachable()
    {
        using var chat = Chat();
        var metadata = chat.GetService<ChatClientMetadata>()!;
        Assert.Equal(("fireworks", Model), (metadata.ProviderName, metadata.DefaultModelId));
        Assert.NotNull(chat.GetService<FireworksClient>());
    }
}
