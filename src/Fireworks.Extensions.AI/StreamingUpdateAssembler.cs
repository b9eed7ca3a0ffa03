using System.Text;
using System.Text.Json;
using Fireworks.Models;
using Microsoft.Extensions.AI;

namespace Fireworks.Extensions.AI;

/// <summary>
/// Turns stream chunks into <see cref="ChatResponseUpdate"/>s. Text and reasoning go out as they arrive; a tool call's
/// pieces (id and name first, arguments in fragments, keyed by their <c>index</c>) are collected and yielded as one
/// <see cref="FunctionCallContent"/> with the chunk that finishes the answer, as Microsoft.Extensions.AI expects.
/// </summary>
internal sealed class StreamingUpdateAssembler
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> calls = [];
    private string? responseId;
    private string? modelId;
    private DateTimeOffset? createdAt;

    public ChatResponseUpdate ToUpdate(ChatCompletionStreamResponse chunk)
    {
        responseId ??= chunk.Id;
        modelId ??= chunk.Model;
        createdAt ??= DateTimeOffset.FromUnixTimeSeconds(chunk.Created);
        var update = new ChatResponseUpdate
        {
            ResponseId = chunk.Id,
            MessageId = chunk.Id,
            ModelId = chunk.Model,
            CreatedAt = createdAt,
            RawRepresentation = chunk,
        };
        var choice = chunk.Choices.Count > 0 ? chunk.Choices[0] : null;
        if (choice?.Delta is { } delta)
        {
            if (delta.Role is { } role)
            {
                update.Role = new ChatRole(role);
            }

            if (!string.IsNullOrEmpty(delta.ReasoningContent))
            {
                update.Contents.Add(new TextReasoningContent(delta.ReasoningContent));
            }

            if (!string.IsNullOrEmpty(delta.Content))
            {
                update.Contents.Add(new TextContent(delta.Content));
            }

            foreach (var call in delta.ToolCalls ?? [])
            {
                Collect(call);
            }
        }

        if (choice?.FinishReason is { } finish)
        {
            update.FinishReason = FireworksChatClient.MapFinishReason(finish.ToString());
            FlushCalls(update);
        }

        if (ChatResponseMapper.ToUsage(chunk.Usage) is { } usage)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        update.Role ??= ChatRole.Assistant;
        return update;
    }

    /// <summary>Tool calls of a stream that ended without a finish reason, or null.</summary>
    public ChatResponseUpdate? Finish()
    {
        if (calls.Count == 0)
        {
            return null;
        }

        var update = new ChatResponseUpdate { ResponseId = responseId, MessageId = responseId, ModelId = modelId, CreatedAt = createdAt, Role = ChatRole.Assistant };
        FlushCalls(update);
        return update;
    }

    private void Collect(ChatCompletionMessageToolCall call)
    {
        var index = call.AdditionalProperties?.TryGetValue("index", out var value) == true && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
        var entry = calls.TryGetValue(index, out var existing) ? existing : (null, null, new StringBuilder());
        if (call.Function?.TryGetChatCompletionMessageToolCallFunction(out var function) == true && function is not null)
        {
            entry.Name ??= function.Name;
            if (function.Arguments is { } arguments)
            {
                entry.Arguments.Append(arguments.TryGetString(out var text) ? text : arguments.ToString());
            }
        }

        entry.Id ??= call.Id;
        calls[index] = entry;
    }

    private void FlushCalls(ChatResponseUpdate update)
    {
        foreach (var (_, (id, name, arguments)) in calls)
        {
            update.Contents.Add(ChatResponseMapper.ParseCall(id, name ?? string.Empty, arguments.ToString()));
        }

        calls.Clear();
    }
}
