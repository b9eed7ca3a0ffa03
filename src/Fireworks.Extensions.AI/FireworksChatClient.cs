using System.Runtime.CompilerServices;
using Fireworks.Models;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace Fireworks.Extensions.AI;

/// <summary>
/// <see cref="IChatClient"/> over <c>client.Chat.Completions</c>: Microsoft.Extensions.AI and Semantic Kernel code
/// talks to Fireworks through it. Messages, tools (function calls and results), tool mode, sampling options, stop
/// sequences, seed and JSON response formats map to the request; answers map back with their text, function calls,
/// usage (cached prompt tokens included), finish reason, model id, response id and creation time (content sent as a
/// list of parts keeps every part: text, images and videos as <see cref="UriContent"/> or <see cref="DataContent"/>,
/// others as <see cref="AIContent"/> with the part as its <c>RawRepresentation</c>);
/// <see cref="ChatOptions.Reasoning"/>'s effort maps to <c>reasoning_effort</c>. Options the API cannot honour (a
/// conversation id, a continuation token, a reasoning summary, unknown additional properties, a required tool mode
/// without tools, a raw request asking for more than one choice) are refused by name; tool mode and
/// <see cref="ChatOptions.AllowMultipleToolCalls"/> are sent only with tools; <see cref="AIChatMessage.AuthorName"/> is
/// not sent (the API's chat message has no <c>name</c>). Streaming yields
/// one update per chunk; a streamed function call is yielded whole once its arguments are complete, usage as a
/// <see cref="UsageContent"/>. The raw request and chunks stay reachable (<see cref="ChatOptions.RawRepresentationFactory"/>
/// may return a <see cref="ChatCompletionRequest"/> to start from, whose tools <see cref="ChatOptions.Tools"/> add to; every answer's <c>RawRepresentation</c> is the
/// SDK's response or chunk).
/// </summary>
public sealed class FireworksChatClient : IChatClient
{
    private readonly FireworksClient client;
    private readonly RequestOptions? requestOptions;

    /// <summary>Wraps <paramref name="client"/>'s chat completions.</summary>
    /// <param name="client">The Fireworks client (not disposed by this one).</param>
    /// <param name="defaultModelId">The model used when <see cref="ChatOptions.ModelId"/> is not set, such as <c>accounts/fireworks/models/llama-v3p1-8b-instruct</c>.</param>
    /// <param name="requestOptions">Per-call settings for every request (for example a rollout session's headers).</param>
    public FireworksChatClient(FireworksClient client, string? defaultModelId = null, RequestOptions? requestOptions = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.requestOptions = requestOptions;
        Metadata = new ChatClientMetadata("fireworks", null, defaultModelId);
    }

    /// <summary>The provider name (<c>fireworks</c>) and the default model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, this, Metadata.DefaultModelId);
        var response = await client.Chat.Completions.CreateAsync(request, requestOptions, cancellationToken).ConfigureAwait(false);
        return ChatResponseMapper.ToChatResponse(response);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, this, Metadata.DefaultModelId);
        var assembler = new StreamingUpdateAssembler();
        await foreach (var chunk in client.Chat.Completions.StreamAsync(request, requestOptions, cancellationToken).ConfigureAwait(false))
        {
            yield return assembler.ToUpdate(chunk);
        }

        if (assembler.Finish() is { } pending)
        {
            yield return pending;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(client) ? client
            : null;
    }

    /// <summary>Nothing to release: the <see cref="FireworksClient"/> belongs to the caller.</summary>
    public void Dispose()
    {
    }

    internal static AIFinishReason? MapFinishReason(string? reason) => reason switch
    {
        null => null,
        "stop" => AIFinishReason.Stop,
        "length" => AIFinishReason.Length,
        "tool_calls" or "function_call" => AIFinishReason.ToolCalls,
        "content_filter" => AIFinishReason.ContentFilter,
        _ => new AIFinishReason(reason),
    };
}
