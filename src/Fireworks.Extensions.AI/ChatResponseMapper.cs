using System.Text.Json;
using Fireworks.Models;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Fireworks.Extensions.AI;

/// <summary>Reads a <see cref="ChatCompletionResponse"/> back into Microsoft.Extensions.AI's types.</summary>
internal static class ChatResponseMapper
{
    public static ChatResponse ToChatResponse(ChatCompletionResponse response)
    {
        var choice = response.Choices.Count > 0 ? response.Choices[0] : null;
        var message = new AIChatMessage(ChatRole.Assistant, [])
        {
            MessageId = response.Id,
            RawRepresentation = choice?.Message,
        };
        if (choice?.Message is { } answer)
        {
            if (!string.IsNullOrEmpty(answer.ReasoningContent))
            {
                message.Contents.Add(new TextReasoningContent(answer.ReasoningContent));
            }

            if (answer.Content?.TryGetString(out var text) == true && !string.IsNullOrEmpty(text))
            {
                message.Contents.Add(new TextContent(text));
            }

            foreach (var call in answer.ToolCalls ?? [])
            {
                message.Contents.Add(ToFunctionCall(call.Id, call.Function));
            }
        }

        return new ChatResponse(message)
        {
            ResponseId = response.Id,
            ModelId = response.Model,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(response.Created),
            FinishReason = FireworksChatClient.MapFinishReason(choice?.FinishReason),
            Usage = ToUsage(response.Usage),
            RawRepresentation = response,
        };
    }

    public static UsageDetails? ToUsage(UsageInfo? usage) => usage is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = usage.CompletionTokens,
            TotalTokenCount = usage.TotalTokens,
            CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens,
        };

    public static FunctionCallContent ToFunctionCall(string? id, ChatToolCallFunction? function)
    {
        if (function?.TryGetChatCompletionMessageToolCallFunction(out var call) != true || call is null)
        {
            return new FunctionCallContent(id ?? string.Empty, string.Empty) { Exception = new FormatException($"The tool call '{id}' has no function object: {function}.") };
        }

        var arguments = call.Arguments;
        var json = arguments is null ? "{}" : arguments.TryGetString(out var text) ? text! : arguments.ToString();
        return ParseCall(id, call.Name ?? string.Empty, json);
    }

    public static FunctionCallContent ParseCall(string? id, string name, string argumentsJson) =>
        FunctionCallContent.CreateFromParsedArguments(argumentsJson, id ?? string.Empty, name, static json =>
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        });
}
