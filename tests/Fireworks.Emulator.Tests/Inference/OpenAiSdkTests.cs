using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>The official OpenAI .NET SDK (2.15) pointed at the emulator's inference base URL reads its answers as it reads OpenAI's.</summary>
public sealed class OpenAiSdkTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";

    private OpenAI.Chat.ChatClient OpenAiChat() =>
        new(Model, new ApiKeyCredential(Emulator.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(Emulator.BaseUrl, "/inference/v1") });

    private async Task<string> RawTextAsync(string prompt, int maxTokens)
    {
        using var http = new InferenceHttp(Emulator);
        var body = new JsonObject { ["model"] = Model, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }), ["max_tokens"] = maxTokens };
        return (await http.PostAsync("chat/completions", body)).Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    [Fact]
    public async Task Complete_chat_reads_content_logprobs_usage_and_finish_reason()
    {
        ChatCompletion completion = await OpenAiChat().CompleteChatAsync(
            [new UserChatMessage("tell me a story")],
            new ChatCompletionOptions { MaxOutputTokenCount = 8, IncludeLogProbabilities = true, TopLogProbabilityCount = 2 });

        var text = completion.Content[0].Text;
        Assert.Equal(await RawTextAsync("tell me a story", 8), text);
        Assert.Equal(Model, completion.Model);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(text, string.Concat(completion.ContentTokenLogProbabilities.Select(l => l.Token)));
        Assert.All(completion.ContentTokenLogProbabilities, l => Assert.Equal(2, l.TopLogProbabilities.Count));
        Assert.Equal(completion.ContentTokenLogProbabilities.Count, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.ContentTokenLogProbabilities.Count == 8 ? ChatFinishReason.Length : ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task Complete_chat_streaming_yields_the_same_text_then_usage()
    {
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var logprobs = 0;
        await foreach (var update in OpenAiChat().CompleteChatStreamingAsync(
            [new UserChatMessage("tell me a story")],
            new ChatCompletionOptions { MaxOutputTokenCount = 8, IncludeLogProbabilities = true }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            logprobs += update.ContentTokenLogProbabilities.Count;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(await RawTextAsync("tell me a story", 8), text.ToString());
        Assert.NotNull(finish);
        Assert.NotNull(usage);
        Assert.Equal(logprobs, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Streaming_tool_call_is_assembled_by_the_sdk()
    {
        var tool = ChatTool.CreateFunctionTool("get_weather", "Weather for a city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        string? name = null, id = null;
        var arguments = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in OpenAiChat().CompleteChatStreamingAsync([new UserChatMessage("weather?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                id ??= call.ToolCallId;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.StartsWith("call_", id, StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.String, System.Text.Json.JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").ValueKind);
        Assert.Equal(ChatFinishReason.ToolCalls, finish);

        ChatCompletion whole = await OpenAiChat().CompleteChatAsync([new UserChatMessage("weather?")], options);
        Assert.Equal("get_weather", whole.ToolCalls.Single().FunctionName);
        Assert.Equal(id, whole.ToolCalls.Single().Id);
    }
}
