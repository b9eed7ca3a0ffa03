using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Benchmarks.Payloads;

/// <summary>
/// Builds deterministic, fully populated sample JSON documents from the component schemas of an
/// OpenAPI 3 document: every property gets a plausible value, int64 travels as a string (the proto3
/// JSON mapping the Gateway API uses), enums take one of their declared values and date-times are
/// RFC 3339 in UTC. The same seed always yields the same bytes.
/// </summary>
/// <remarks>Not thread-safe: one builder walks one schema at a time.</remarks>
public sealed class SchemaSampleBuilder
{
    /// <summary>How many items an array gets unless the caller asks for another length.</summary>
    public const int DefaultArrayLength = 3;

    /// <summary>How many entries a map (<c>additionalProperties</c>) gets.</summary>
    public const int MapEntryCount = 3;

    private const string ComponentSchemaPrefix = "#/components/schemas/";

    // Deep enough for every schema of the Gateway API, shallow enough to stop a runaway walk.
    private const int MaxDepth = 16;

    private static readonly string[] Words =
    [
        "alpha", "amber", "atlas", "aurora", "basil", "birch", "cedar", "cobalt", "comet", "coral",
        "delta", "ember", "falcon", "fern", "garnet", "harbor", "indigo", "iris", "jade", "juniper",
        "kestrel", "lumen", "maple", "meadow", "nova", "onyx", "orbit", "pine", "quartz", "raven",
        "sable", "sierra", "solstice", "summit", "tundra", "umber", "velvet", "willow", "zephyr", "zinc",
    ];

    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly YamlMappingNode _schemas;
    private readonly HashSet<string> _activeReferences = new(StringComparer.Ordinal);
    private Random _random = new(0);

    /// <summary>Creates a builder over the <c>components/schemas</c> mapping of a parsed document.</summary>
    /// <param name="componentSchemas">The mapping from schema name to schema.</param>
    public SchemaSampleBuilder(YamlMappingNode componentSchemas)
    {
        ArgumentNullException.ThrowIfNull(componentSchemas);
        _schemas = componentSchemas;
    }

    /// <summary>Parses an OpenAPI 3 YAML (or JSON) document and creates a builder over its component schemas.</summary>
    /// <param name="document">The document text.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidDataException">The document has no <c>components/schemas</c> mapping.</exception>
    public static SchemaSampleBuilder FromDocument(TextReader document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var stream = new YamlStream();
        stream.Load(document);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException("The OpenAPI document is empty or its root is not a mapping.");
        }

        if (Child(root, "components") is not YamlMappingNode components
            || Child(components, "schemas") is not YamlMappingNode schemas)
        {
            throw new InvalidDataException("The OpenAPI document has no components/schemas mapping.");
        }

        return new SchemaSampleBuilder(schemas);
    }

    /// <summary>Whether the document declares a component schema with this name.</summary>
    /// <param name="schemaName">The component schema name, e.g. <c>gatewayDeployment</c>.</param>
    /// <returns><see langword="true"/> when the schema exists.</returns>
    public bool HasSchema(string schemaName) => Child(_schemas, schemaName) is YamlMappingNode;

    /// <summary>Builds a sample object for a component schema.</summary>
    /// <param name="schemaName">The component schema name, e.g. <c>gatewayDeployment</c>.</param>
    /// <param name="seed">The seed of the random choices; equal seeds give equal documents.</param>
    /// <param name="topLevelArrayLengths">
    /// Lengths for arrays that are direct properties of the requested schema (e.g. 200 items for a list
    /// page's <c>rlorTrainerJobs</c>); all other arrays get <see cref="DefaultArrayLength"/> items.
    /// </param>
    /// <returns>The sample document.</returns>
    /// <exception cref="ArgumentException">The schema does not exist or is not an object schema.</exception>
    public JsonObject BuildObject(string schemaName, int seed, IReadOnlyDictionary<string, int>? topLevelArrayLengths = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(schemaName);
        if (Child(_schemas, schemaName) is not YamlMappingNode schema)
        {
            throw new ArgumentException($"The OpenAPI document has no component schema named '{schemaName}'.", nameof(schemaName));
        }

        _random = new Random(seed);
        _activeReferences.Clear();
        _activeReferences.Add(schemaName);
        var context = new SampleContext(schemaName, PropertyName: schemaName, Depth: 0, topLevelArrayLengths);
        return BuildValue(schema, context) as JsonObject
            ?? throw new ArgumentException($"The component schema '{schemaName}' is not an object schema.", nameof(schemaName));
    }

    private JsonNode? BuildValue(YamlMappingNode schema, SampleContext context)
    {
        if (context.Depth > MaxDepth)
        {
            return null;
        }

        // A $ref wins over its sibling keys (they only carry docs such as description/readOnly).
        if (Scalar(schema, "$ref") is { } reference)
        {
            return BuildReference(reference, context);
        }

        if (Child(schema, "enum") is YamlSequenceNode enumValues)
        {
            return BuildEnum(enumValues);
        }

        var type = SchemaType(schema);
        var format = Scalar(schema, "format");
        return type switch
        {
            "object" => BuildObjectValue(schema, context),
            "array" => BuildArray(schema, context),
            "string" => BuildString(format, context),
            "integer" => BuildInteger(format),
            "number" => JsonValue.Create(Math.Round(_random.NextDouble() * 100, 3)),
            "boolean" => JsonValue.Create(_random.Next(2) == 1),
            _ => JsonValue.Create(Phrase(2)),
        };
    }

    private JsonNode? BuildReference(string reference, SampleContext context)
    {
        if (!reference.StartsWith(ComponentSchemaPrefix, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Only local component references are supported, found '{reference}'.");
        }

        var name = reference[ComponentSchemaPrefix.Length..];
        if (Child(_schemas, name) is not YamlMappingNode target)
        {
            throw new InvalidDataException($"The reference '{reference}' names no component schema.");
        }

        // A schema that (indirectly) contains itself is left out at the second visit: the sample stays finite.
        if (!_activeReferences.Add(name))
        {
            return null;
        }

        try
        {
            return BuildValue(target, context with { SchemaName = name, Depth = context.Depth + 1 });
        }
        finally
        {
            _activeReferences.Remove(name);
        }
    }

    private JsonNode BuildEnum(YamlSequenceNode enumValues)
    {
        var values = enumValues.Children.OfType<YamlScalarNode>().Select(v => v.Value ?? string.Empty).ToList();
        if (values.Count == 0)
        {
            throw new InvalidDataException("An enum schema declares no values.");
        }

        // Prefer the meaningful values: the zero value of a proto enum (…UNSPECIFIED) is what a server never sends.
        var meaningful = values.Where(v => !v.EndsWith("UNSPECIFIED", StringComparison.Ordinal)).ToList();
        var pool = meaningful.Count > 0 ? meaningful : values;
        return JsonValue.Create(pool[_random.Next(pool.Count)]);
    }

    private JsonObject BuildObjectValue(YamlMappingNode schema, SampleContext context)
    {
        var result = new JsonObject();
        if (Child(schema, "properties") is YamlMappingNode properties)
        {
            foreach (var (key, value) in properties.Children)
            {
                var propertyName = ((YamlScalarNode)key).Value ?? string.Empty;
                if (value is not YamlMappingNode propertySchema)
                {
                    continue;
                }

                var propertyContext = context with { PropertyName = propertyName, Depth = context.Depth + 1 };
                if (BuildValue(propertySchema, propertyContext) is { } propertyValue)
                {
                    result[propertyName] = propertyValue;
                }
            }
        }

        switch (Child(schema, "additionalProperties"))
        {
            case YamlMappingNode { Children.Count: 0 }:
            case YamlScalarNode { Value: "true" }:
                // Free-form extension data (e.g. protobufAny's payload): plain string members.
                for (var i = 0; i < MapEntryCount; i++)
                {
                    result[$"{Word()}{i}"] = Phrase(2);
                }

                break;
            case YamlMappingNode valueSchema:
                var valueContext = context with { Depth = context.Depth + 1 };
                for (var i = 0; i < MapEntryCount; i++)
                {
                    if (BuildValue(valueSchema, valueContext) is { } entry)
                    {
                        result[MapKey(context.PropertyName, i)] = entry;
                    }
                }

                break;
        }

        return result;
    }

    private JsonArray BuildArray(YamlMappingNode schema, SampleContext context)
    {
        var length = DefaultArrayLength;
        if (context.Depth == 1 && context.TopLevelArrayLengths?.TryGetValue(context.PropertyName, out var requested) == true)
        {
            length = requested;
        }

        var result = new JsonArray();
        if (Child(schema, "items") is not YamlMappingNode items)
        {
            return result;
        }

        var itemContext = context with { Depth = context.Depth + 1 };
        for (var i = 0; i < length; i++)
        {
            if (BuildValue(items, itemContext) is { } item)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private JsonNode BuildInteger(string? format) => format switch
    {
        // proto3 JSON carries 64-bit integers as strings, and so does the Gateway API.
        "int64" or "uint64" => JsonValue.Create(LargeInteger()),
        _ => JsonValue.Create(_random.Next(1, 4097)),
    };

    private JsonNode BuildString(string? format, SampleContext context) => format switch
    {
        "date-time" => JsonValue.Create(
            Epoch.AddSeconds(_random.Next(0, 365 * 24 * 3600)).AddMilliseconds(_random.Next(1000))
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        "int64" or "uint64" => JsonValue.Create(LargeInteger()),
        "byte" => JsonValue.Create(Convert.ToBase64String(RandomBytes(12))),
        _ => JsonValue.Create(PlausibleString(context)),
    };

    private string PlausibleString(SampleContext context)
    {
        var property = context.PropertyName;
        if (property == "name")
        {
            return $"accounts/{AccountId()}/{CollectionOf(context.SchemaName)}/{Identifier()}";
        }

        if (property == "@type")
        {
            return "type.googleapis.com/google.rpc.ErrorInfo";
        }

        if (property.EndsWith("Email", StringComparison.OrdinalIgnoreCase) || property is "email" or "createdBy")
        {
            return $"{Word()}.{Word()}@example.com";
        }

        if (property.Contains("Url", StringComparison.Ordinal) || property.Contains("Uri", StringComparison.Ordinal) || property.EndsWith("url", StringComparison.Ordinal))
        {
            return $"https://storage.example.com/{Word()}/{Identifier()}";
        }

        if (property.Contains("Model", StringComparison.Ordinal) || property == "model")
        {
            return $"accounts/fireworks/models/{Word()}-v{_random.Next(1, 4)}-{_random.Next(1, 72)}b-instruct";
        }

        if (property.Contains("Dataset", StringComparison.Ordinal) || property == "dataset")
        {
            return $"accounts/{AccountId()}/datasets/{Identifier()}";
        }

        if (property == "evaluator")
        {
            return $"accounts/{AccountId()}/evaluators/{Identifier()}";
        }

        if (property == "displayName" || property == "title")
        {
            return $"{Capitalize(Word())} {Capitalize(Word())} {_random.Next(1, 100)}";
        }

        if (property is "description" or "message" or "details" || property.EndsWith("Message", StringComparison.Ordinal))
        {
            return Capitalize(Phrase(_random.Next(6, 12))) + ".";
        }

        return property.EndsWith("Id", StringComparison.Ordinal) || property.EndsWith("Name", StringComparison.Ordinal) || property.EndsWith("Handle", StringComparison.Ordinal)
            ? Identifier()
            : Phrase(2);
    }

    private string MapKey(string propertyName, int index) => propertyName switch
    {
        "acceleratorSeconds" => index switch { 0 => "NVIDIA_H100_80GB", 1 => "NVIDIA_A100_80GB", _ => "AMD_MI300X_192GB" },
        "annotations" or "labels" => $"fireworks.ai/{Word()}-{index}",
        _ => $"{Word()}-{index}",
    };

    private string LargeInteger() => _random.NextInt64(1_000_000_000L, 9_000_000_000_000L).ToString(CultureInfo.InvariantCulture);

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Word() => Words[_random.Next(Words.Length)];

    private string Phrase(int wordCount) => string.Join(' ', Enumerable.Range(0, wordCount).Select(_ => Word()));

    private string Identifier() => $"{Word()}-{Word()}-{_random.Next(0x1000, 0x10000):x4}";

    private string AccountId() => $"acct-{Word()}";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // gatewayRlorTrainerJob -> rlorTrainerJobs: the collection segment of the resource name.
    private static string CollectionOf(string schemaName)
    {
        var bare = schemaName.StartsWith("gateway", StringComparison.Ordinal) ? schemaName["gateway".Length..] : schemaName;
        return bare.Length == 0 ? "resources" : char.ToLowerInvariant(bare[0]) + bare[1..] + "s";
    }

    private static string? SchemaType(YamlMappingNode schema)
    {
        switch (Child(schema, "type"))
        {
            case YamlScalarNode scalar:
                return scalar.Value;
            case YamlSequenceNode sequence:
                // OpenAPI 3.1 type unions such as [string, "null"]: the non-null member describes the value.
                return sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value).FirstOrDefault(v => v != "null");
            default:
                return Child(schema, "properties") is not null || Child(schema, "additionalProperties") is not null ? "object" : null;
        }
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private sealed record SampleContext(string SchemaName, string PropertyName, int Depth, IReadOnlyDictionary<string, int>? TopLevelArrayLengths);
}
