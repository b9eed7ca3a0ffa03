using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baseline.NSwag;

/// <summary>
/// The one adjustment NSwag's output needs before it can read the Gateway API's responses, made through
/// the hook NSwag generates for it (what any NSwag user of this spec has to add).
/// </summary>
public partial class GatewayClient
{
    /// <summary>
    /// The serializer options this client uses for request and response bodies, so benchmarks that
    /// (de)serialize NSwag's DTOs outside a call use exactly the same settings.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions => _settings.Value;

    // NSwag 14.7.1 (System.Text.Json mode) puts JsonStringEnumConverter<T> on enum properties but not on
    // arrays of enums (its output carries a note that item converters are not supported yet), so a
    // response such as placement.regions: ["US_IOWA_1"] throws a JsonException. Converting every enum by
    // name closes that gap; the per-property converters still take precedence where NSwag emitted them.
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter());
}
