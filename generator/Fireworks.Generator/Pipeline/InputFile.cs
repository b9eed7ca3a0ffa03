using System;

namespace Fireworks.Generator.Pipeline;

/// <summary>
/// An additional file's path and text. csc hands the generator new AdditionalText objects on every build, so
/// the first pipeline step copies them into this value type: equal text means a cached downstream.
/// </summary>
internal sealed record InputFile(string Path, string Text)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Template name: <c>templates/model-json.scriban</c> → <c>model-json</c>.</summary>
    public string Stem => System.IO.Path.GetFileNameWithoutExtension(Path);

    public static bool IsSpec(string path) =>
        path.EndsWith(".openapi.yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".openapi.yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".openapi.json", StringComparison.OrdinalIgnoreCase);

    public static bool IsOverlay(string path) =>
        path.EndsWith(".overlay.yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".overlay.yml", StringComparison.OrdinalIgnoreCase);

    public static bool IsTemplate(string path) => path.EndsWith(".scriban", StringComparison.OrdinalIgnoreCase);
}
