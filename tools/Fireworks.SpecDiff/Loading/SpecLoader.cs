using System.Text;
using System.Text.Json;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

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
        var document = isJson
            ? OpenApiDocument.FromRoot(filePath, ReadJson(filePath, body, lineOffset))
            : ReadYaml(filePath, body, lineOffset);
        return new SpecDocument(body, document, CheckOpenApiVersion(filePath, document.Root));
    }

    private static string CheckOpenApiVersion(string filePath, SpecMapping root)
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
            throw new SpecInputException(filePath, $"'openapi: {version}' is not supported; only OpenAPI 3.0 and 3.1 are", root.Get("openapi")!.Position.Line, root.Get("openapi")!.Position.Column);
        }
        if (root.Get("paths") is { } paths and not SpecMapping)
        {
            throw new SpecInputException(filePath, "'paths' must be a mapping of paths to path items", paths.Position.Line, paths.Position.Column);
        }
        if (root.Map("components")?.Get("schemas") is { } schemas and not SpecMapping)
        {
            throw new SpecInputException(filePath, "'components.schemas' must be a mapping of names to schemas", schemas.Position.Line, schemas.Position.Column);
        }
        return version;
    }

    /// <summary>
    /// YAML through the shared reader. What the generator reads past (a duplicated key: it keeps the first) is an
    /// error here: a diff of a document that does not say one thing would compare a guess.
    /// </summary>
    private static OpenApiDocument ReadYaml(string filePath, string body, int lineOffset)
    {
        var problems = new List<SpecDiagnostic>();
        var document = OpenApiDocument.Read(filePath, body, problems);
        if (problems.FirstOrDefault() is { } problem)
        {
            var prefix = problem.Id == SpecDiagnostics.MalformedYamlId ? "invalid YAML: " + FirstLine(problem.Message.Substring(SpecDiagnostics.MalformedYamlPrefix.Length)) : "invalid YAML: " + problem.Message;
            if (problem.Location.Line > 0) throw new SpecInputException(filePath, prefix, problem.Location.Line + lineOffset, problem.Location.Column);
            throw new SpecInputException(filePath, document is null && problem.Location.Line == 0 ? EmptyOrNotMapping(body) : prefix);
        }
        return document ?? throw new SpecInputException(filePath, EmptyOrNotMapping(body));
    }

    private static string EmptyOrNotMapping(string body) => string.IsNullOrWhiteSpace(body)
        ? "the document is empty"
        : "the document is not a YAML mapping (an OpenAPI document is an object with 'openapi', 'info' and 'paths')";

    private static SpecMapping ReadJson(string filePath, string body, int lineOffset)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SpecInputException(filePath, "the JSON document is not an object (an OpenAPI document is an object with 'openapi', 'info' and 'paths')");
            }
            return (SpecMapping)ToNode(filePath, json.RootElement);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1 + lineOffset;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new SpecInputException(filePath, "invalid JSON: " + FirstLine(ex.Message), line, column, ex);
        }
    }

    /// <summary>JSON values as the nodes YAML gives: numbers, booleans and null keep their JSON spelling as scalar text.</summary>
    private static SpecNode ToNode(string filePath, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var entries = new List<KeyValuePair<string, SpecNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name)) throw new SpecInputException(filePath, $"invalid JSON: the key '{property.Name}' appears twice in one object");
                    entries.Add(new(property.Name, ToNode(filePath, property.Value)));
                }
                return new SpecMapping(entries);
            }
            case JsonValueKind.Array:
                return new SpecSequence(element.EnumerateArray().Select(item => ToNode(filePath, item)).ToList());
            case JsonValueKind.String:
                return new SpecScalar(element.GetString()!);
            case JsonValueKind.Null:
                return new SpecScalar("null");
            default:
                return new SpecScalar(element.GetRawText());
        }
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message.Substring(0, newline)).Trim();
    }
}
