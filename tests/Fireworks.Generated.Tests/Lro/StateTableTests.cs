using System.Reflection;
using System.Text.RegularExpressions;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Tests.Lro;

/// <summary>
/// The state tables: every value of every state enum is classified, and the generated
/// classification is exactly the overlay's, so a spec update that adds a state fails here as well
/// as in the build (FWG009), instead of hanging someone's wait.
/// </summary>
public sealed class StateTableTests
{
    private static readonly StateClass[] Classes = Enum.GetValues<StateClass>();

    public static TheoryData<Type> StateEnums() => [.. ResourceStates.StateEnums];

    [Theory]
    [MemberData(nameof(StateEnums))]
    public void EveryValueIsClassifiedAsTheOverlaySays(Type stateEnum)
    {
        var classify = typeof(ResourceStates).GetMethod(nameof(ResourceStates.Classify), BindingFlags.Public | BindingFlags.Static, [stateEnum])
            ?? throw new InvalidOperationException($"ResourceStates has no Classify({stateEnum.Name}).");
        var table = OverlayTable(stateEnum.Name);

        var members = KnownMembers(stateEnum);
        Assert.NotEmpty(members);
        Assert.Equal(members.Keys.Order(), table.Keys.Order()); // every member is listed, and nothing else
        foreach (var (name, wire) in members)
        {
            var stateClass = (StateClass)classify.Invoke(null, [Create(stateEnum, wire)])!;
            Assert.Contains(stateClass, Classes);
            Assert.True(table[name] == stateClass, $"{stateEnum.Name}.{name} classifies as {stateClass}, the overlay says {table[name]}.");
        }

        // A state newer than this SDK keeps polling (and the wait reports its wire value).
        Assert.Equal(StateClass.Transient, (StateClass)classify.Invoke(null, [Create(stateEnum, "STATE_FROM_THE_FUTURE")])!);
        Assert.Contains(table.Values, static stateClass => stateClass == StateClass.Success);
    }

    [Fact]
    public void EveryOverlayTableIsAGeneratedStateEnum()
    {
        var generated = ResourceStates.StateEnums.Select(static type => type.Name).Order();

        Assert.Equal(OverlayTables().Keys.Order(), generated);
        Assert.Equal(17, ResourceStates.StateEnums.Count);
    }

    [Fact]
    public void JobStatesClassifyAsTheFireworksNotesSay()
    {
        Assert.Equal([JobState.Completed, JobState.EarlyStopped], Members<JobState>(StateClass.Success));
        Assert.Equal([JobState.Failed, JobState.Cancelled, JobState.Expired, JobState.Deleted], Members<JobState>(StateClass.Failure));
        Assert.Equal([JobState.Idle, JobState.Paused], Members<JobState>(StateClass.Parked));
        Assert.Equal(StateClass.Transient, ResourceStates.Classify(JobState.Running));
        Assert.Equal([DeploymentState.Ready], Members<DeploymentState>(StateClass.Success));
        Assert.Equal([DeploymentState.Failed, DeploymentState.Deleted], Members<DeploymentState>(StateClass.Failure));
        Assert.Equal([EvaluatorState.BuildFailed], Members<EvaluatorState>(StateClass.Failure));
        Assert.Equal([DeployedModelState.Deployed], Members<DeployedModelState>(StateClass.Success));
        Assert.Equal(StateClass.Success, ResourceStates.Classify(ModelState.Ready));
        Assert.Equal(StateClass.Success, ResourceStates.Classify(DatasetState.Ready));
    }

    [Fact]
    public void OperationStatesClassify()
    {
        Assert.Equal(StateClass.Transient, ResourceStates.Classify(OperationState.Running));
        Assert.Equal(StateClass.Success, ResourceStates.Classify(OperationState.Succeeded));
        Assert.Equal(StateClass.Failure, ResourceStates.Classify(OperationState.Failed));
    }

    private static List<T> Members<T>(StateClass stateClass)
        where T : struct, Fireworks.Aip.IExtensibleEnum<T>
    {
        var classify = typeof(ResourceStates).GetMethod(nameof(ResourceStates.Classify), [typeof(T)])!;
        return [.. T.KnownValues.Where(value => (StateClass)classify.Invoke(null, [value])! == stateClass)];
    }

    /// <summary>C# member name → wire value, from the enum's <c>WireValues</c> constants.</summary>
    private static Dictionary<string, string> KnownMembers(Type extensibleEnum) =>
        (extensibleEnum.GetNestedType("WireValues") ?? throw new InvalidOperationException($"{extensibleEnum.Name} has no WireValues."))
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(static f => f.Name, static f => (string)f.GetRawConstantValue()!);

    private static object Create(Type extensibleEnum, string wire) => Activator.CreateInstance(extensibleEnum, wire)!;

    private static Dictionary<string, StateClass> OverlayTable(string enumName) =>
        OverlayTables().TryGetValue(enumName, out var table)
            ? table
            : throw new InvalidOperationException($"spec/gateway.overlay.yaml has no state table for {enumName}.");

    /// <summary>
    /// Reads the <c>states:</c> block of the overlay. Its shape is fixed by the generator (FWG009
    /// rejects anything else): <c>  EnumName:</c> lines, each followed by <c>    class: [Member, …]</c> lines.
    /// </summary>
    private static Dictionary<string, Dictionary<string, StateClass>> OverlayTables()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "spec", "gateway.overlay.yaml"));
        var tables = new Dictionary<string, Dictionary<string, StateClass>>();
        Dictionary<string, StateClass>? table = null;
        foreach (var line in lines.SkipWhile(static line => line != "states:").Skip(1))
        {
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!line.StartsWith(' '))
            {
                break; // the next top-level key
            }

            var enumHeader = Regex.Match(line, @"^  ([A-Za-z]+):\s*$");
            var classLine = Regex.Match(line, @"^    (success|failure|parked|transient):\s*\[(.*)\]\s*$");
            if (enumHeader.Success)
            {
                table = [];
                tables.Add(enumHeader.Groups[1].Value, table);
            }
            else if (classLine.Success && table is not null)
            {
                var stateClass = Enum.Parse<StateClass>(classLine.Groups[1].Value, ignoreCase: true);
                foreach (var member in classLine.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    table.Add(member, stateClass);
                }
            }
            else
            {
                throw new InvalidOperationException($"Unexpected line in the overlay's states block: '{line}'.");
            }
        }

        return tables;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "spec", "gateway.overlay.yaml")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with spec/gateway.overlay.yaml) was not found above " + AppContext.BaseDirectory);
    }
}
