namespace Fireworks.SpecDiff.Tests;

/// <summary>Where the repository, its vendor spec and the test data are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestData { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string RuleCases => Path.Combine(TestData, "rules");

    public static string Formats => Path.Combine(TestData, "formats");

    public static string OverlayPath => Path.Combine(RepoRoot, "spec", "gateway.overlay.yaml");

    /// <summary>The one vendor spec in spec/ (its name carries the version, so it changes with every update).</summary>
    public static string RealSpecPath
    {
        get
        {
            var specs = Directory.GetFiles(Path.Combine(RepoRoot, "spec"), "gateway-*.openapi.yaml");
            return specs.Length == 1
                ? specs[0]
                : throw new InvalidOperationException($"Expected exactly one spec/gateway-*.openapi.yaml, found {specs.Length}.");
        }
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(directory.FullName, "spec")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (with Directory.Packages.props and spec/) was not found above " + AppContext.BaseDirectory);
    }
}
