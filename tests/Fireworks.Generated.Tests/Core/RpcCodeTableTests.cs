using Fireworks.Models;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// google.rpc codes have one home: the generated <see cref="Code"/> (the spec's values, the overlay's numbers). The
/// error path's names and parsing derive from it.
/// </summary>
public sealed class RpcCodeTableTests
{
    [Fact]
    public void Every_known_code_has_a_number_and_its_name_and_number_round_trip()
    {
        Assert.Equal(17, Code.KnownValues.Count);
        foreach (var code in Code.KnownValues)
        {
            var number = Assert.IsType<int>(code.Number);
            Assert.Equal(code, Code.FromNumber(number));
            Assert.Equal(code.ToString(), RpcCodes.GetName(number));
            Assert.True(RpcCodes.TryParseName(code.ToString().ToLowerInvariant(), out var parsed));
            Assert.Equal(number, parsed);
        }
    }

    [Theory]
    [InlineData(Code.Numbers.Ok, "OK")]
    [InlineData(Code.Numbers.NotFound, "NOT_FOUND")]
    [InlineData(Code.Numbers.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData(Code.Numbers.DataLoss, "DATA_LOSS")]
    public void The_generated_numbers_are_google_rpc_codes(int number, string name) =>
        Assert.Equal(name, RpcCodes.GetName(number));

    [Fact]
    public void Unknown_numbers_and_names_map_to_UNKNOWN_and_the_US_spelling_parses()
    {
        Assert.Equal("UNKNOWN", RpcCodes.GetName(17));
        Assert.Equal("UNKNOWN", RpcCodes.GetName(-1));
        Assert.False(RpcCodes.TryParseName("NOT_A_CODE", out var unknown));
        Assert.Equal(Code.Numbers.Unknown, unknown);
        Assert.True(RpcCodes.TryParseName(" canceled ", out var cancelled));
        Assert.Equal(Code.Numbers.Cancelled, cancelled);
    }
}
