using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;

namespace Fireworks.Tests.Inference;

/// <summary>Canned chat streams and requests shared by the streaming tests.</summary>
internal static class ChatStreams
{
    /// <summary>Three chunks (one with an unknown field, one split over two data lines), a comment, mixed line endings, then [DONE].</summary>
    public const string ThreeChunks =
        ": keep-alive comment\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"token_ids\":[9906]}],\"policy_version\":7}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\r\ndata: \"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \\u00e9\\u00e8\"}}]}\r\n\r\n"
        + "event: message\ndata: {\"id\":\"c1\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":5,\"completion_tokens\":2}}\n\n"
        + "data: [DONE]\n\n";

    public static ChatCompletionRequest Request() => new()
    {
        Model = "accounts/fireworks/models/toy",
        Messages = [new ChatMessage { Role = "user", Content = "Say hello" }],
    };

    public static FireworksClient Client(FakeHttpHandler handler, Action<FireworksClientOptions>? configure = null, TimeProvider? timeProvider = null) =>
        TestClients.Create(handler, timeProvider, configure);
}
