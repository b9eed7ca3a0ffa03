using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Fireworks.Generator.Tests;

/// <summary>The generated code compiles with the hand-written runtime.</summary>
public sealed class CompileTests(ITestOutputHelper output)
{
    [Fact]
    public void The_real_spec_compiles_with_the_runtime()
    {
        var watch = Stopwatch.StartNew();
        var errors = GeneratedCompiler.Errors(GeneratorHarness.Real);
        output.WriteLine($"compiled in {watch.ElapsedMilliseconds} ms");
        Assert.Empty(errors.Select(e => e.ToString()));
    }
}
