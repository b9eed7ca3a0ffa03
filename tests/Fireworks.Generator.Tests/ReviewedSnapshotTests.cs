using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>A changed snapshot fails with what changed, not with a character position in escaped text.</summary>
public sealed class ReviewedSnapshotTests
{
    [Fact]
    public void A_changed_snapshot_shows_the_changed_lines_with_their_numbers()
    {
        const string Reviewed = "\uFEFFnamespace A\n{\n    public const string Paused = \"PAUSED\";\n    public const string Deleted = \"DELETED\";\n}\n";
        const string Generated = "namespace A\n{\n    public const string Paused = \"PAUSED\";\n    public const string Deleted = \"DELETED\";\n    public const string Suspended = \"SUSPENDED\";\n}\n";

        var difference = ReviewedSnapshot.Difference(Reviewed, Generated);

        Assert.Equal("+ 5:     public const string Suspended = \"SUSPENDED\";" + Environment.NewLine, difference);
    }

    [Fact]
    public void A_changed_line_shows_before_and_after()
    {
        var difference = ReviewedSnapshot.Difference("a\n/// The name of the dataset.\nb\n", "a\n/// The resource name of the dataset.\nb\n");

        Assert.Equal(
            "- 2: /// The name of the dataset." + Environment.NewLine + "+ 2: /// The resource name of the dataset." + Environment.NewLine,
            difference);
    }

    [Fact]
    public void Two_insertions_far_apart_show_only_the_inserted_lines()
    {
        // An enum value added to a generated enum: its wire-value constant and, further down, its static member.
        var reviewed = string.Join("\n", ["const A", "const B", "}", .. Enumerable.Range(0, 20).Select(i => $"unchanged {i}"), "static A", "static B", "}"]);
        var generated = string.Join("\n", ["const A", "const B", "const C", "}", .. Enumerable.Range(0, 20).Select(i => $"unchanged {i}"), "static A", "static B", "static C", "}"]);

        var difference = ReviewedSnapshot.Difference(reviewed, generated);

        Assert.Equal("+ 3: const C" + Environment.NewLine + "+ 27: static C" + Environment.NewLine, difference);
    }

    [Fact]
    public void A_wholesale_change_is_cut_with_a_count_of_the_rest()
    {
        var before = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"old {i}"));
        var after = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"new {i}"));

        var difference = ReviewedSnapshot.Difference(before, after);

        Assert.Contains("- 30: old 29", difference, StringComparison.Ordinal);
        Assert.DoesNotContain("old 30", difference, StringComparison.Ordinal);
        Assert.Contains("- … 20 more line(s)", difference, StringComparison.Ordinal);
        Assert.Contains("+ … 20 more line(s)", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_endings_and_a_byte_order_mark_alone_are_named()
    {
        Assert.Contains("only line endings", ReviewedSnapshot.Difference("\uFEFFa\r\nb\r\n", "a\nb\n"), StringComparison.Ordinal);
    }
}
