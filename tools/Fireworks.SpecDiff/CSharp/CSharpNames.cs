namespace Fireworks.SpecDiff.CSharp;

/// <summary>Short, readable spellings of the fully qualified type names the generator writes.</summary>
internal static class CSharpNames
{
    private static readonly string[] DroppedNamespaces =
    [
        "System.Collections.Generic.",
        "System.Threading.Tasks.",
        "System.Threading.",
        "System.Text.Json.",
        "Fireworks.Models.",
        "Fireworks.",
        "System.",
    ];

    /// <summary><c>global::System.Collections.Generic.IList&lt;global::Fireworks.Models.Job&gt;?</c> → <c>IList&lt;Job&gt;?</c>.</summary>
    public static string Display(string typeName)
    {
        var text = typeName.Replace("global::", "", StringComparison.Ordinal);
        foreach (var prefix in DroppedNamespaces) text = text.Replace(prefix, "", StringComparison.Ordinal);
        return text;
    }

    /// <summary>Drops the <c>global::</c> alias from a name.</summary>
    public static string Plain(string typeName) => typeName.Replace("global::", "", StringComparison.Ordinal);
}
