using Fireworks.OpenApi.Document;

namespace Fireworks.SpecDiff.Loading;

/// <summary>An OpenAPI 3.0/3.1 document read from a YAML, JSON or Markdown file: the shared <see cref="OpenApiDocument"/> and the text it came from.</summary>
public sealed class SpecDocument
{
    internal SpecDocument(string text, OpenApiDocument document, string openApiVersion)
    {
        Text = text;
        Document = document;
        OpenApiVersion = openApiVersion;
    }

    /// <summary>The file the document was read from.</summary>
    public string FilePath => Document.FilePath;

    /// <summary>The file name without its directory.</summary>
    public string FileName => Document.FileName;

    /// <summary>The document's text as read: the whole file, or the fenced block of a Markdown page.</summary>
    public string Text { get; }

    /// <summary>
    /// The parsed document, read once: the differ compares it and the generator's model builder projects it to the
    /// C# API, so both see the same nodes.
    /// </summary>
    public OpenApiDocument Document { get; }

    /// <summary>The document's top-level mapping.</summary>
    public SpecMapping Root => Document.Root;

    /// <summary>The <c>openapi</c> field (<c>3.0.x</c> or <c>3.1.x</c>).</summary>
    public string OpenApiVersion { get; }

    /// <summary><c>info.title</c>, or an empty string.</summary>
    public string Title => Document.Title;

    /// <summary><c>info.version</c>, or an empty string.</summary>
    public string Version => Document.Version;
}
