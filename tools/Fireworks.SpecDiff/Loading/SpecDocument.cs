using YamlDotNet.RepresentationModel;

namespace Fireworks.SpecDiff.Loading;

/// <summary>An OpenAPI 3.0/3.1 document read from a YAML, JSON or Markdown file.</summary>
public sealed class SpecDocument
{
    internal SpecDocument(string filePath, string yamlText, YamlMappingNode root, string openApiVersion)
    {
        FilePath = filePath;
        YamlText = yamlText;
        Root = root;
        OpenApiVersion = openApiVersion;
    }

    /// <summary>The file the document was read from.</summary>
    public string FilePath { get; }

    /// <summary>The file name without its directory.</summary>
    public string FileName => Path.GetFileName(FilePath);

    /// <summary>
    /// The document as YAML text: what the generator's model builder reads. For a Markdown page this is the fenced
    /// block; for JSON it is the same document re-emitted as YAML.
    /// </summary>
    public string YamlText { get; }

    /// <summary>The parsed document.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>The <c>openapi</c> field (<c>3.0.x</c> or <c>3.1.x</c>).</summary>
    public string OpenApiVersion { get; }

    /// <summary><c>info.title</c>, or an empty string.</summary>
    public string Title => Root.Map("info").Str("title") ?? "";

    /// <summary><c>info.version</c>, or an empty string.</summary>
    public string Version => Root.Map("info").Str("version") ?? "";
}
