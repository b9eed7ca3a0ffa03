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

            AddContent(message.Contents, answer.Content);

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

    // The spec lets an answer's content be a string or a list of parts (text, image_url, video_url): every part is
    // kept, each with its part as RawRepresentation as Microsoft.Extensions.AI.OpenAI does; a part or a content shape
    // this version does not know stays reachable as a plain AIContent rather than being dropped.
    private static void AddContent(IList<AIContent> contents, ChatMessageContent? content)
    {
        if (content is null)
        {
            return;
        }

        if (content.TryGetString(out var text))
        {
            if (text.Length > 0)
            {
                contents.Add(new TextContent(text));
            }
        }
        else if (content.TryGetChatMessageContentPartList(out var parts))
        {
            foreach (var part in parts)
            {
                var item = ToContent(part);
                item.RawRepresentation = part;
                contents.Add(item);
            }
        }
        else if (content.TryGetRawJson(out var json))
        {
            contents.Add(new AIContent { RawRepresentation = json });
        }
    }

    private static AIContent ToContent(ChatMessageContentPart part) => part switch
    {
        { Type: "text", Text: { } text } => new TextContent(text),
        { Type: "image_url", ImageUrl.Url: { } url } => ToMediaContent(url, "image"),
        { Type: "video_url", VideoUrl.Url: { } url } => ToMediaContent(url, "video"),
        _ => new AIContent(),
    };

    // The media type comes from the URL's extension, else image/* or video/* (as Microsoft.Extensions.AI.OpenAI does
    // for images). A URL that does not parse stays a plain AIContent with its part, not an exception over an answer.
    private static AIContent ToMediaContent(string url, string topLevelType)
    {
        try
        {
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return new DataContent(url);
            }

            if (Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri))
            {
                var content = new UriContent(uri);
                if (!content.HasTopLevelMediaType(topLevelType))
                {
                    content.MediaType = topLevelType + "/*";
                }

                return content;
            }
        }
        catch (FormatException)
        {
        }
        catch (ArgumentException)
        {
        }

        return new AIContent();
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
