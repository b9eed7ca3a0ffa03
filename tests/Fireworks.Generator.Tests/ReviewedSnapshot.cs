using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Compares generated source with the reviewed snapshot in this project's <c>__snapshots__</c> folder, found from the
/// repository root rather than from the compiler's source path: CI builds map source paths to <c>/_/</c>
/// (ContinuousIntegrationBuild), where Snapshooter would otherwise find no snapshot, write a fresh one and pass.
/// A missing snapshot fails (never silently created).
/// </summary>
internal static class ReviewedSnapshot
{
    // Snapshooter adds the __snapshots__ folder itself.
    private static readonly string ProjectFolder = Path.Combine(GeneratorHarness.RepoRoot, "tests", "Fireworks.Generator.Tests");
    private static readonly string Folder = Path.Combine(ProjectFolder, "__snapshots__");

    public static void Match(string source, string hintName, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var fileName = $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}_{hintName.Replace(".g.cs", "", StringComparison.Ordinal)}.snap";
        Xunit.Assert.True(
            File.Exists(Path.Combine(Folder, fileName)),
            $"No reviewed snapshot {fileName} in {Folder}: review the generated source and add it.");
        Snapshot.Match(source, new SnapshotFullName(fileName, ProjectFolder));
    }
}
