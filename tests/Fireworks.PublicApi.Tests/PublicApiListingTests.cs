using System.Reflection;
using PublicApiGenerator;
using Xunit;

namespace Fireworks.PublicApi.Tests;

/// <summary>
/// The public surface of every library package is committed in docs/api/&lt;package&gt;.txt, so a pull request shows
/// each added, changed or removed public member line by line (a spec update's generated API included). A change
/// fails this test until the listing is regenerated with <c>FIREWORKS_UPDATE_API=1</c> and the diff reviewed.
/// </summary>
public sealed class PublicApiListingTests
{
    private const string UpdateVariable = "FIREWORKS_UPDATE_API";

    public static TheoryData<string> Packages => new()
    {
        "Fireworks.Generated",
        "Fireworks.Aip",
        "Fireworks.SafeTensors",
        "Fireworks.Emulator",
        "Fireworks.Extensions.DependencyInjection",
        "Fireworks.Extensions.AI",
    };

    // State-machine attributes name compiler-generated types (<M>d__7) that change when unrelated code does.
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        ExcludeAttributes =
        [
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
            "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
        ],
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Public_api_matches_the_committed_listing(string package)
    {
        var assembly = Assembly.Load(package);
        var actual = Normalize(assembly.GeneratePublicApi(Options));
        var path = Path.Combine(RepositoryRoot(), "docs", "api", package + ".txt");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: run `{UpdateVariable}=1 dotnet test tests/Fireworks.PublicApi.Tests` and commit it.");
        var expected = Normalize(File.ReadAllText(path));
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var removed = expectedLines.Except(actualLines).ToList();
        var added = actualLines.Except(expectedLines).ToList();
        Assert.Fail(
            $"The public API of {package} changed ({added.Count} line(s) added, {removed.Count} removed). Review it, then run "
            + $"`{UpdateVariable}=1 dotnet test tests/Fireworks.PublicApi.Tests` and commit docs/api/{package}.txt.\n"
            + string.Join('\n', removed.Take(20).Select(line => "- " + line)) + "\n"
            + string.Join('\n', added.Take(20).Select(line => "+ " + line)));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fireworks.Generated.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Fireworks.Generated.sln) is not above " + AppContext.BaseDirectory);
    }
}
