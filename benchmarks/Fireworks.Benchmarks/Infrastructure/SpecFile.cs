using System.Reflection;

namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>
/// Locates the OpenAPI spec every benchmark reads (the same file the NSwag baseline and our SDK are built from),
/// and the overlay and templates our generator renders it with. The paths are recorded at build time.
/// </summary>
public static class SpecFile
{
    /// <summary>Absolute path of <c>spec/gateway-4.259.0.openapi.yaml</c>.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries no spec path or the file is missing.</exception>
    public static string Path => ExistingFile("FireworksSpecPath");

    /// <summary>Absolute path of <c>spec/gateway.overlay.yaml</c>, the overlay the SDK build applies to the spec.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries no overlay path or the file is missing.</exception>
    public static string OverlayPath => ExistingFile("FireworksOverlayPath");

    /// <summary>The <c>templates/*.scriban</c> files the SDK build renders with, in ordinal order.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries no template directory or it holds no template.</exception>
    public static IReadOnlyList<string> TemplatePaths
    {
        get
        {
            var directory = Metadata("FireworksTemplateDirectory");
            var templates = Directory.Exists(directory)
                ? Directory.GetFiles(directory, "*.scriban").OrderBy(p => p, StringComparer.Ordinal).ToList()
                : [];
            return templates.Count > 0
                ? templates
                : throw new InvalidOperationException($"No *.scriban template in the directory recorded at build time: '{directory}'. Rebuild the benchmarks.");
        }
    }

    private static string ExistingFile(string key)
    {
        var path = Metadata(key);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The file recorded at build time as '{key}' does not exist: '{path}'. Rebuild the benchmarks.");
    }

    private static string Metadata(string key)
    {
        var value = typeof(SpecFile).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        return string.IsNullOrEmpty(value)
            ? throw new InvalidOperationException($"The benchmark assembly has no '{key}' metadata; build it with its project file.")
            : value;
    }
}
