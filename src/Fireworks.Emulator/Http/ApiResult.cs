using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Fireworks.Emulator;

/// <summary>A successful response: HTTP 200 with a JSON body, serialized while the state lock is held so it is consistent.</summary>
internal sealed class ApiResult
{
    private ApiResult(byte[] body) => Body = body;

    public byte[] Body { get; }

    /// <summary>The empty object the API answers for operations without a response message.</summary>
    public static ApiResult Empty { get; } = new("{}"u8.ToArray());

    public static ApiResult Json<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    public static ApiResult Json(JsonNode node) => new(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));
}
