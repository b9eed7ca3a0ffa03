using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fireworks.SpecDiff.Loading;

/// <summary>
/// Reads OpenAPI 3.0/3.1 documents: whole specs or page-level cuts, as YAML, JSON, or the first
/// <c>```yaml</c>/<c>```json</c> fenced block of a Markdown file.
/// </summary>
public static class SpecLoader
{
    /// <summary>Reads and validates the document at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">A <c>.yaml</c>, <c>.yml</c>, <c>.json</c> or <c>.md</c> file.</param>
    /// <returns>The document.</returns>
    /// <exception cref="SpecInputException">The file is missing, unreadable, malformed, or not OpenAPI 3.x.</exception>
    public static SpecDocument Load(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (Directory.Exists(filePath)) throw new SpecInputException(filePath, "is a directory, not a spec file");
        if (!File.Exists(filePath)) throw new SpecInputException(filePath, "file not found");
        string text;
        try
        {
            text = File.ReadAllText(filePath, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecInputException(filePath, "cannot read the file: " + ex.Message, inner: ex);
        }
        return Parse(filePath, text);
    }

    /// <summary>Parses <paramref name="text"/> as the content of <paramref name="filePath"/> (whose extension picks Markdown handling).</summary>
    /// <param name="filePath">The file name, for the format and for error messages.</param>
    /// <param name="text">The file content.</param>
    /// <returns>The document.</returns>
    /// <exception cref="SpecInputException">The text is malformed or not OpenAPI 3.x.</exception>
    public static SpecDocument Parse(string filePath, string text)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(text);
        var body = text;
        var lineOffset = 0;
        bool isJson;
        var extension = Path.GetExtension(filePath);
        if (extension.Equals(".md", StringComparison.OrdinalIgnoreCase) || extension.Equals(".markdown", StringComparison.OrdinalIgnoreCase))
        {
            var block = MarkdownSpecExtractor.Extract(filePath, text);
            body = block.Content;
            lineOffset = block.FirstLine - 1;
            isJson = block.IsJson;
        }
        else
        {
            var isYamlFile = extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase);
            isJson = extension.Equals(".json", StringComparison.OrdinalIgnoreCase) || (!isYamlFile && body.TrimStart().StartsWith('{'));
        }

        if (string.IsNullOrWhiteSpace(body)) throw new SpecInputException(filePath, "the document is empty");
        YamlMappingNode root;
        string yamlText;
        if (isJson)
        {
            root = ReadJson(filePath, body, lineOffset);
            yamlText = ToYaml(root);
        }
        else
        {
            root = ReadYaml(filePath, body, lineOffset);
            yamlText = body;
        }
        return new SpecDocument(filePath, yamlText, root, CheckOpenApiVersion(filePath, root));
    }

    private static string CheckOpenApiVersion(string filePath, YamlMappingNode root)
    {
        if (root.Str("swagger") is { } swagger)
        {
            throw new SpecInputException(filePath, $"this is a Swagger {swagger} document; only OpenAPI 3.0 and 3.1 are supported (convert it first)");
        }
        var version = root.Str("openapi");
        if (version is null)
        {
            throw new SpecInputException(filePath, "no 'openapi' field at the top level: this is not an OpenAPI 3.x document");
        }
        if (!version.StartsWith("3.0", StringComparison.Ordinal) && !version.StartsWith("3.1", StringComparison.Ordinal))
        {
            throw new SpecInputException(filePath, $"'openapi: {version}' is not supported; only OpenAPI 3.0 and 3.1 are", (int)root.Get("openapi")!.Start.Line, (int)root.Get("openapi")!.Start.Column);
        }
        if (root.Get("paths") is { } paths and not YamlMappingNode)
        {
            throw new SpecInputException(filePath, "'paths' must be a mapping of paths to path items", (int)paths.Start.Line, (int)paths.Start.Column);
        }
        if (root.Map("components")?.Get("schemas") is { } schemas and not YamlMappingNode)
        {
            throw new SpecInputException(filePath, "'components.schemas' must be a mapping of names to schemas", (int)schemas.Start.Line, (int)schemas.Start.Column);
        }
        return version;
    }

    private static YamlMappingNode ReadYaml(string filePath, string body, int lineOffset)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(body));
        }
        catch (YamlException ex)
        {
            throw new SpecInputException(filePath, "invalid YAML: " + WithoutYamlPosition(FirstLine(ex.Message)), (int)ex.Start.Line + lineOffset, (int)ex.Start.Column, ex);
        }
        if (stream.Documents.Count == 0) throw new SpecInputException(filePath, "the document is empty");
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new SpecInputException(filePath, "the document is not a YAML mapping (an OpenAPI document is an object with 'openapi', 'info' and 'paths')");
    }

    private static YamlMappingNode ReadJson(string filePath, string body, int lineOffset)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SpecInputException(filePath, "the JSON document is not an object (an OpenAPI document is an object with 'openapi', 'info' and 'paths')");
            }
            return (YamlMappingNode)ToYamlNode(filePath, json.RootElement);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1 + lineOffset;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new SpecInputException(filePath, "invalid JSON: " + FirstLine(ex.Message), line, column, ex);
        }
    }

    private static YamlNode ToYamlNode(string filePath, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var map = new YamlMappingNode();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name)) throw new SpecInputException(filePath, $"invalid JSON: the key '{property.Name}' appears twice in one object");
                    map.Add(new YamlScalarNode(property.Name) { Style = ScalarStyle.DoubleQuoted }, ToYamlNode(filePath, property.Value));
                }
                return map;
            }
            case JsonValueKind.Array:
                return new YamlSequenceNode(element.EnumerateArray().Select(item => ToYamlNode(filePath, item)));
            case JsonValueKind.String:
                return new YamlScalarNode(element.GetString()) { Style = ScalarStyle.DoubleQuoted };
            case JsonValueKind.Null:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
            default:
                // Numbers and booleans keep their JSON spelling, which is also their YAML spelling.
                return new YamlScalarNode(element.GetRawText()) { Style = ScalarStyle.Plain };
        }
    }

    private static string ToYaml(YamlMappingNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the exception already names the position.</summary>
    private static string WithoutYamlPosition(string message)
    {
        if (!message.StartsWith("(Line:", StringComparison.Ordinal)) return message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return separator < 0 ? message : message.Substring(separator + 3);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message.Substring(0, newline)).Trim();
    }
}
