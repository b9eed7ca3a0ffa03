using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Fireworks.Serialization;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// Property: for every generated model of the manifest (<see cref="FireworksOperations.SchemaTypes"/>), JSON → model →
/// JSON is unchanged, with random values this SDK does not know in every enum-typed position and random extra
/// properties at every object level. Cases are drawn from CsCheck's PCG with a fixed seed: every run sees the same ones.
/// </summary>
/// <remarks>
/// Compared with <see cref="JsonNode.DeepEquals"/>, so whitespace, property order and string escaping do not count.
/// The samples use the wire forms the SDK writes (int64 as decimal strings, numbers that print as they were read) and
/// timestamps in every RFC 3339 spelling proto3 accepts (the SDK writes back the text it read). Any property but a
/// <c>const</c> one may be absent, required ones included, since a server may omit those too; JSON <c>null</c> is not
/// generated because the SDK reads it as "absent" and omits it when writing (<c>WireFormatTests</c> checks that).
/// </remarks>
public sealed class RoundTripPropertyTests
{
    private const int CasesPerModel = 20;
    private const ulong Seed = 20261205;

    public static TheoryData<string> Models()
    {
        // Every component schema of every spec; types the overlay named inline (ServiceTier) are covered by the models that hold them.
        var data = new TheoryData<string>();
        foreach (var key in FireworksOperations.SchemaTypes.Keys.Order(StringComparer.Ordinal).Where(static key => Schema(key).Schema is not null)) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Unknown_enum_values_and_extra_properties_round_trip_unchanged(string schemaKey)
    {
        var (spec, schema) = Schema(schemaKey);
        var typeInfo = FireworksJsonContext.Default.GetTypeInfo(FireworksOperations.SchemaTypes[schemaKey])!;
        var samples = new Samples(spec, Seed);
        for (var i = 0; i < CasesPerModel; i++)
        {
            var json = samples.For(schema, depth: 0).ToJsonString();
            var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeInfo), typeInfo);
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)),
                $"{schemaKey}, case {i.ToString(CultureInfo.InvariantCulture)} (seed {Seed.ToString(CultureInfo.InvariantCulture)})\n  in:  {json}\n  out: {written}");
        }
    }

    [Fact]
    public void The_samples_put_unknown_enum_values_and_extra_properties_where_they_could_be_lost()
    {
        // The property is only as strong as its samples: they must exercise both, nested levels included.
        var (spec, schema) = Schema(RawSpec.GatewayFile + "#gatewayDeployment");
        var samples = new Samples(spec, Seed);
        var json = string.Join("\n", Enumerable.Range(0, 50).Select(_ => samples.For(schema, depth: 0).ToJsonString()));
        Assert.Contains("\"acceleratorType\":\"FUTURE_", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"FUTURE_", json, StringComparison.Ordinal);
        Assert.Matches("\"createTime\":\"[^\"]*[+-][0-9]{2}:[0-9]{2}\"", json);   // timestamps with an offset
        Assert.Matches("\"[a-zA-Z]+Time\":\"[^\"]*\\.[0-9]{9}[Zz]\"", json);         // and with nanoseconds
        Assert.Matches("\"autoscalingPolicy\":\\{[^}]*\"x_extra_", json);
    }

    private static (RawSpec Spec, YamlMappingNode Schema) Schema(string schemaKey)
    {
        var separator = schemaKey.IndexOf('#', StringComparison.Ordinal);
        var spec = schemaKey[..separator] == RawSpec.GatewayFile ? RawSpec.Gateway : RawSpec.Load(schemaKey[..separator]);
        return (spec, (RawSpec.Get(spec.Schemas, schemaKey[(separator + 1)..]) as YamlMappingNode)!);
    }

    /// <summary>Random JSON for a schema, in the wire forms the SDK writes back.</summary>
    private sealed class Samples(RawSpec spec, ulong seed)
    {
        private const int MaxDepth = 4;

        private readonly PCG _pcg = new(1, seed);

        public JsonNode For(YamlMappingNode schema, int depth)
        {
            if (RawSpec.Str(schema, "$ref") is not null) return For(spec.Resolve(schema), depth + 1);
            if (RawSpec.Str(schema, "const") is { } constant) return Node(constant);
            foreach (var union in (ReadOnlySpan<string>)["anyOf", "oneOf"])
            {
                // OpenAPI 3.1 unions and nullable values: one alternative that is not null, chosen at random.
                if (RawSpec.Get(schema, union) is YamlSequenceNode alternatives)
                {
                    var choices = alternatives.Children.OfType<YamlMappingNode>().Where(static a => RawSpec.Str(a, "type") != "null").ToArray();
                    return For(choices[Int(0, choices.Length - 1)], depth + 1);
                }
            }

            if (RawSpec.Get(schema, "allOf") is YamlSequenceNode parts && parts.Children.Count == 1)
            {
                return For((YamlMappingNode)parts.Children[0], depth + 1);
            }

            if (RawSpec.Get(schema, "enum") is YamlSequenceNode values)
            {
                var known = values.Children.OfType<YamlScalarNode>().Select(static v => v.Value!).ToArray();
                return Node(Chance(2) ? "FUTURE_" + Word().ToUpperInvariant() : known[Int(0, known.Length - 1)]);
            }

            var format = RawSpec.Str(schema, "format");
            var type = RawSpec.Get(schema, "type") is YamlSequenceNode types
                ? types.Children.OfType<YamlScalarNode>().Select(static t => t.Value).First(static t => t != "null")
                : RawSpec.Str(schema, "type");
            switch (type)
            {
                case "string" when format == "date-time":
                    return Node(Timestamp());
                case "string" when format is "int64" or "uint64":
                case "integer" when format is "int64" or "uint64":
                    return Node(Gen.Long[0, long.MaxValue].Generate(_pcg, null!, out _).ToString(CultureInfo.InvariantCulture));
                case "string":
                    return Node(Word());
                case "integer":
                    return JsonValue.Create(Int(int.MinValue, int.MaxValue));
                case "number":
                    return JsonValue.Create(Int(-4000, 4000) / 4.0);
                case "boolean":
                    return JsonValue.Create(Chance(2));
                case "array":
                    var array = new JsonArray();
                    if (depth <= MaxDepth)
                    {
                        for (var i = Int(0, 2); i > 0; i--) array.Add(For((YamlMappingNode)RawSpec.Get(schema, "items")!, depth + 1));
                    }

                    return array;
                default:
                    return Object(schema, depth);
            }
        }

        private JsonObject Object(YamlMappingNode schema, int depth)
        {
            var obj = new JsonObject();
            if (RawSpec.Map(schema, "properties") is { } properties)
            {
                foreach (var entry in properties.Children)
                {
                    var name = ((YamlScalarNode)entry.Key).Value!;
                    var propertySchema = (YamlMappingNode)entry.Value;
                    // Required properties are left out too: a server may omit one, and it must stay absent (not come back
                    // as 0, false, the first enum value or year one). A const property is always sent (the SDK writes its
                    // only value even when the caller did not set it).
                    var absent = RawSpec.Str(propertySchema, "const") is null
                        && (Chance(4) || (depth > MaxDepth && RawSpec.Str(propertySchema, "$ref") is not null));
                    if (!absent) obj[name] = For(propertySchema, depth);
                }
            }
            else if (RawSpec.Get(schema, "additionalProperties") is YamlMappingNode { Children.Count: > 0 } valueSchema)
            {
                if (depth <= MaxDepth)
                {
                    for (var i = Int(0, 2); i > 0; i--) obj["key_" + Word()] = For(valueSchema, depth + 1);
                }

                return obj; // a map: every key is data, there are no "extra" properties
            }

            for (var i = Int(0, 2); i > 0; i--) obj["x_extra_" + Word()] = Extra(depth: 0);
            return obj;
        }

        /// <summary>JSON the SDK does not know: scalars, arrays and objects.</summary>
        private JsonNode Extra(int depth) => Int(0, depth >= 2 ? 2 : 4) switch
        {
            0 => Node(Word()),
            1 => JsonValue.Create(Int(-1000, 1000)),
            2 => JsonValue.Create(Chance(2)),
            3 => new JsonArray([.. Enumerable.Range(0, Int(0, 2)).Select(_ => Extra(depth + 1))]),
            _ => new JsonObject(Enumerable.Range(0, Int(0, 2)).Select(i => KeyValuePair.Create("k" + i.ToString(CultureInfo.InvariantCulture), (JsonNode?)Extra(depth + 1)))),
        };

        private static JsonNode Node(string value) => JsonValue.Create(value)!;

        // Any RFC 3339 spelling proto3 accepts, not only the one it writes: 0 to 9 fractional digits, 't' or 'T', 'Z', 'z'
        // or an offset (beyond ±14:00 too, which a DateTimeOffset cannot hold). The text read must be the text written.
        private string Timestamp()
        {
            var text = new System.Text.StringBuilder(DateTimeOffset.FromUnixTimeSeconds(Int(0, int.MaxValue)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            if (Chance(8)) text[10] = 't';
            var digits = Int(0, 9);
            if (digits > 0) text.Append('.');
            for (var i = 0; i < digits; i++) text.Append((char)('0' + Int(0, 9)));
            switch (Int(0, 5))
            {
                case 0:
                    text.Append('z');
                    break;
                case 1:
                case 2:
                    text.Append(Chance(2) ? '+' : '-').Append(Int(0, 23).ToString("00", CultureInfo.InvariantCulture)).Append(':').Append(Int(0, 59).ToString("00", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append('Z');
                    break;
            }

            return text.ToString();
        }

        private string Word() => new(Gen.Char['a', 'z'].Array[1, 8].Generate(_pcg, null!, out _));

        private int Int(int min, int max) => Gen.Int[min, max].Generate(_pcg, null!, out _);

        private bool Chance(int oneIn) => Int(1, oneIn) == 1;
    }
}
