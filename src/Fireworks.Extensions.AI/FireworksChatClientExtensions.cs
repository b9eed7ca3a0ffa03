using Microsoft.Extensions.AI;

namespace Fireworks.Extensions.AI;

/// <summary>The one line that plugs Fireworks into Microsoft.Extensions.AI: <c>services.AddChatClient(fireworks.AsIChatClient(model))</c>.</summary>
public static class FireworksChatClientExtensions
{
    /// <summary>An <see cref="IChatClient"/> over <paramref name="client"/>'s chat completions.</summary>
    /// <param name="client">The Fireworks client (stays the caller's to dispose).</param>
    /// <param name="defaultModelId">The model used when <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="requestOptions">Per-call settings sent with every request (for example a rollout session's headers).</param>
    /// <returns>The chat client.</returns>
    public static IChatClient AsIChatClient(this FireworksClient client, string? defaultModelId = null, RequestOptions? requestOptions = null) =>
        new FireworksChatClient(client, defaultModelId, requestOptions);
}
