using System.Reflection;

namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>Locates the OpenAPI spec every benchmark reads (the same file the NSwag baseline is built from).</summary>
public static class SpecFile
{
    private const string MetadataKey = "FireworksSpecPath";

    /// <summary>Absolute path of <c>spec/gateway-4.259.0.openapi.yaml</c>, recorded at build time.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries no spec path or the file is missing.</exception>
    public static string Path
    {
        get
        {
            var path = typeof(SpecFile).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == MetadataKey)?.Value;
            if (string.IsNullOrEmpty(path))
            {
                throw new InvalidOperationException($"The benchmark assembly has no '{MetadataKey}' metadata; build it with its project file.");
            }

            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The spec recorded at build time does not exist: '{path}'. Rebuild the benchmarks.");
        }
    }
}
