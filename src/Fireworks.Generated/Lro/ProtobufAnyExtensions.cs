using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fireworks.Models;

namespace Fireworks;

/// <summary>Reading the message packed in a <see cref="ProtobufAny"/> (<c>google.protobuf.Any</c>).</summary>
public static class ProtobufAnyExtensions
{
    /// <summary>
    /// The fully qualified message name of the packed value: the part of <see cref="ProtobufAny.Type"/>
    /// after its last <c>/</c> (<c>gateway.Model</c> for <c>type.googleapis.com/gateway.Model</c>), or null when there is no type.
    /// </summary>
    /// <param name="any">The packed value.</param>
    /// <returns>The message name, or null.</returns>
    public static string? GetMessageName(this ProtobufAny any)
    {
        ArgumentNullException.ThrowIfNull(any);
        if (string.IsNullOrEmpty(any.Type))
        {
            return null;
        }

        var slash = any.Type.LastIndexOf('/');
        return slash >= 0 ? any.Type[(slash + 1)..] : any.Type;
    }

    /// <summary>
    /// Whether the packed message is a <typeparamref name="T"/>: the last part of its message name
    /// (<c>Model</c> of <c>gateway.Model</c>) is the name of <typeparamref name="T"/>. True when the value carries no type.
    /// </summary>
    /// <typeparam name="T">A generated model type.</typeparam>
    /// <param name="any">The packed value.</param>
    /// <returns>True when the value may be unpacked as <typeparamref name="T"/>.</returns>
    public static bool Is<T>(this ProtobufAny any)
    {
        var messageName = any.GetMessageName();
        if (messageName is null)
        {
            return true;
        }

        var dot = messageName.LastIndexOf('.');
        return string.Equals(dot >= 0 ? messageName[(dot + 1)..] : messageName, typeof(T).Name, StringComparison.Ordinal);
    }

    /// <summary>Reads the packed message (the fields next to <c>@type</c>) as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="any">The packed value.</param>
    /// <param name="typeInfo">The type's metadata, e.g. <c>FireworksJsonContext.Default.Model</c>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidOperationException">The value packs another message type (see <see cref="Is{T}"/>).</exception>
    /// <exception cref="JsonException">The fields do not form a valid <typeparamref name="T"/>.</exception>
    public static T Unpack<T>(this ProtobufAny any, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(any);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (!any.Is<T>())
        {
            throw new InvalidOperationException(
                $"The packed message is a '{any.Type}', not a {typeof(T).Name}; read its fields from ProtobufAny.AdditionalProperties, or unpack it as the type it names.");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (any.AdditionalProperties is { } fields)
            {
                foreach (var field in fields)
                {
                    writer.WritePropertyName(field.Key);
                    field.Value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo)
            ?? throw new JsonException($"The packed message could not be read as a {typeof(T).Name}.");
    }
}
