using System.Text.Json;
using Fireworks.Models;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = Fireworks.Models.ChatMessage;

namespace Fireworks.Extensions.AI;

/// <summary>
/// Builds the <see cref="ChatCompletionRequest"/> for a Microsoft.Extensions.AI call. What has no counterpart in the
/// inference API is refused with <see cref="NotSupportedException"/> naming it, never dropped.
/// </summary>
internal static class ChatRequestMapper
{
    public static ChatCompletionRequest ToRequest(IEnumerable<AIChatMessage> messages, ChatOptions? options, IChatClient owner, string? defaultModelId)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = options?.ModelId;
        var list = new List<ChatMessage>();
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            list.Add(new ChatMessage { Role = "system", Content = instructions });
        }

        foreach (var message in messages)
        {
            AddMessage(list, message);
        }

        var request = options?.RawRepresentationFactory?.Invoke(owner) as ChatCompletionRequest;
        model ??= string.IsNullOrEmpty(request?.Model) ? defaultModelId : request.Model;
        if (model is null)
        {
            throw new InvalidOperationException("No model: set ChatOptions.ModelId or pass a default model id to AsIChatClient.");
        }

        request ??= new ChatCompletionRequest { Model = model, Messages = list };
        request.Model = model;
        request.Messages = list;
        if (options is not null)
        {
            ApplyOptions(request, options);
        }

        // A ChatResponse holds one answer and a stream's updates are read as one: further choices would be dropped
        // (or, streamed, interleaved into the first).
        if (request.N is > 1)
        {
            throw new NotSupportedException(
                $"ChatCompletionRequest.N = {request.N} is not supported through IChatClient, whose response holds one answer; call client.Chat.Completions for several choices.");
        }

        return request;
    }

    private static void ApplyOptions(ChatCompletionRequest request, ChatOptions options)
    {
        request.Temperature = options.Temperature ?? request.Temperature;
        request.TopP = options.TopP ?? request.TopP;
        request.TopK = options.TopK ?? request.TopK;
        request.MaxTokens = options.MaxOutputTokens ?? request.MaxTokens;
        request.FrequencyPenalty = options.FrequencyPenalty ?? request.FrequencyPenalty;
        request.PresencePenalty = options.PresencePenalty ?? request.PresencePenalty;
        if (options.Seed is { } seed)
        {
            request.Seed = seed is >= int.MinValue and <= int.MaxValue
                ? (int)seed
                : throw new ArgumentOutOfRangeException(nameof(options), seed, "ChatOptions.Seed does not fit the inference API's 32-bit seed.");
        }
        if (options.StopSequences is { Count: > 0 } stops)
        {
            request.Stop = stops.ToList();
        }

        // Both mean "carry on from state the server keeps": a stateless API would silently answer afresh instead.
        if (options.ConversationId is not null)
        {
            throw new NotSupportedException("ChatOptions.ConversationId is not supported: the Fireworks chat API keeps no conversations; send the history as messages.");
        }

        if (options.ContinuationToken is not null)
        {
            throw new NotSupportedException("ChatOptions.ContinuationToken is not supported: the Fireworks chat API has no background responses to resume.");
        }

        if (options.Reasoning is { } reasoning)
        {
            ApplyReasoning(request, reasoning);
        }

        switch (options.ResponseFormat)
        {
            case null or ChatResponseFormatText:
                break;
            case ChatResponseFormatJson { Schema: null }:
                request.ResponseFormat = new ResponseFormat { Type = "json_object" };
                break;
            case ChatResponseFormatJson json:
                request.ResponseFormat = new ResponseFormat { Type = "json_schema", JsonSchema = ToJsonSchema(json) };
                break;
            default:
                throw new NotSupportedException($"ChatOptions.ResponseFormat {options.ResponseFormat.GetType().Name} has no counterpart in the Fireworks inference API.");
        }

        // Added to the raw request's tools, as Microsoft.Extensions.AI.OpenAI does; a new list, so a factory that hands
        // out one shared request does not collect the tools of every call.
        if (options.Tools is { Count: > 0 } tools)
        {
            request.Tools = [.. request.Tools ?? [], .. tools.Select(ToTool)];
        }

        ApplyToolMode(request, options);

        if (options.AdditionalProperties is { Count: > 0 } additional)
        {
            throw new NotSupportedException(
                $"ChatOptions.AdditionalProperties ({string.Join(", ", additional.Keys)}) are not mapped; set Fireworks fields on a ChatCompletionRequest returned by ChatOptions.RawRepresentationFactory.");
        }
    }

    private static void ApplyToolMode(ChatCompletionRequest request, ChatOptions options)
    {
        // Without tools, tool_choice and parallel_tool_calls mean nothing and the API may reject them, so (as
        // Microsoft.Extensions.AI.OpenAI does) they are left out; none and auto change nothing then. A required tool
        // call with no tool to call is the caller's mistake (RequireAny's contract asks for one), not something to drop.
        if (request.Tools is not { Count: > 0 })
        {
            if (options.ToolMode is RequiredChatToolMode)
            {
                throw new ArgumentException("ChatOptions.ToolMode requires a tool call but no tools are given: add them to ChatOptions.Tools.", nameof(options));
            }

            return;
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            request.ParallelToolCalls = parallel;
        }

        request.ToolChoice = options.ToolMode switch
        {
            null => request.ToolChoice,
            NoneChatToolMode => ChatToolChoiceMode.None,
            AutoChatToolMode => ChatToolChoiceMode.Auto,
            RequiredChatToolMode { RequiredFunctionName: null } => ChatToolChoiceMode.Required,
            RequiredChatToolMode { RequiredFunctionName: { } name } => new FunctionSelection { Type = "function", Function = new FunctionNameSpec { Name = name } },
            _ => throw new NotSupportedException($"ChatOptions.ToolMode {options.ToolMode.GetType().Name} has no counterpart in the Fireworks inference API."),
        };
    }

    private static void ApplyReasoning(ChatCompletionRequest request, ReasoningOptions reasoning)
    {
        if (reasoning.Effort is { } effort)
        {
            request.ReasoningEffort = effort switch
            {
                Microsoft.Extensions.AI.ReasoningEffort.None => ReasoningEffortMode.None,
                Microsoft.Extensions.AI.ReasoningEffort.Low => ReasoningEffortMode.Low,
                Microsoft.Extensions.AI.ReasoningEffort.Medium => ReasoningEffortMode.Medium,
                Microsoft.Extensions.AI.ReasoningEffort.High => ReasoningEffortMode.High,
                Microsoft.Extensions.AI.ReasoningEffort.ExtraHigh => ReasoningEffortMode.Max,
                _ => throw new NotSupportedException($"ChatOptions.Reasoning.Effort {effort} has no counterpart in the Fireworks inference API."),
            };
        }

        // The API returns the whole reasoning (reasoning_content) or, with effort none, none of it: no summaries, and
        // no way to reason without returning it.
        if (reasoning.Output is { } output && output != ReasoningOutput.Full)
        {
            throw new NotSupportedException(
                $"ChatOptions.Reasoning.Output {output} is not supported: the Fireworks inference API returns the full reasoning; use Effort = None to turn reasoning off.");
        }
    }

    private static ChatCompletionTool ToTool(AITool tool) => tool switch
    {
        AIFunctionDeclaration function => new ChatCompletionTool
        {
            Type = ChatCompletionToolType.Function,
            Function = new ChatCompletionFunction
            {
                Name = function.Name,
                Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                Parameters = function.JsonSchema.Clone(),
            },
        },
        _ => throw new NotSupportedException($"Tool '{tool.Name}' ({tool.GetType().Name}) is not a function; the Fireworks inference API takes function tools only."),
    };

    private static void AddMessage(List<ChatMessage> list, AIChatMessage message)
    {
        var role = message.Role.Value;
        var parts = new List<ChatMessageContentPart>();
        var calls = new List<ChatCompletionMessageToolCall>();
        var text = new System.Text.StringBuilder();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    text.Append(t.Text);
                    parts.Add(new ChatMessageContentPart { Type = "text", Text = t.Text });
                    break;
                case TextReasoningContent:
                    // The model's own reasoning from an earlier turn: not sent back, as the API's chat templates drop it.
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(new ChatMessageContentPart { Type = "image_url", ImageUrl = new ChatMessageContentImageUrl { Url = data.Uri } });
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(new ChatMessageContentPart { Type = "image_url", ImageUrl = new ChatMessageContentImageUrl { Url = uri.Uri.ToString() } });
                    break;
                case FunctionCallContent call:
                    calls.Add(new ChatCompletionMessageToolCall
                    {
                        Id = call.CallId,
                        Type = "function",
                        Function = new ChatCompletionMessageToolCallFunction { Name = call.Name, Arguments = SerializeArguments(call.Arguments) },
                    });
                    break;
                case FunctionResultContent result:
                    list.Add(new ChatMessage { Role = "tool", ToolCallId = result.CallId, Content = SerializeResult(result.Result) });
                    break;
                default:
                    throw new NotSupportedException($"Message content {content.GetType().Name} has no counterpart in the Fireworks chat API.");
            }
        }

        if (parts.Count == 0 && calls.Count == 0)
        {
            return;
        }

        var onlyText = parts.All(p => p.Type == "text");
        list.Add(new ChatMessage
        {
            Role = role,
            Content = parts.Count == 0 ? null : onlyText ? text.ToString() : parts,
            ToolCalls = calls.Count == 0 ? null : calls,
        });
    }

    private static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null ? "{}" : JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static string SerializeResult(object? result) => result switch
    {
        null => string.Empty,
        string s => s,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };

    // OpenAI's json_schema shape, which the Fireworks API takes: { name, description?, schema }.
    private static Dictionary<string, JsonElement> ToJsonSchema(ChatResponseFormatJson json)
    {
        if (json.Schema is not { ValueKind: JsonValueKind.Object } schema)
        {
            throw new NotSupportedException("ChatResponseFormatJson.Schema must be a JSON object.");
        }

        var map = new Dictionary<string, JsonElement>
        {
            ["name"] = StringElement(string.IsNullOrEmpty(json.SchemaName) ? "response" : json.SchemaName),
            ["schema"] = schema.Clone(),
        };
        if (!string.IsNullOrEmpty(json.SchemaDescription))
        {
            map["description"] = StringElement(json.SchemaDescription);
        }

        return map;
    }

    private static JsonElement StringElement(string value) =>
        JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(string)));
}
