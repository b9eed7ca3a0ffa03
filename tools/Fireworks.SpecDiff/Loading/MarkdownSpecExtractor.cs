namespace Fireworks.SpecDiff.Loading;

/// <summary>The fenced block of a Markdown page that holds a spec (documentation sites publish page-level cuts this way).</summary>
/// <param name="Content">The text between the fences.</param>
/// <param name="FirstLine">1-based line of the file where <paramref name="Content"/> starts.</param>
/// <param name="IsJson">Whether the block is tagged <c>json</c> (otherwise <c>yaml</c>/<c>yml</c>).</param>
public sealed record FencedSpecBlock(string Content, int FirstLine, bool IsJson);

/// <summary>Finds the first <c>```yaml</c>, <c>```yml</c> or <c>```json</c> fenced block (backticks or tildes, 3 or more) of a Markdown file.</summary>
public static class MarkdownSpecExtractor
{
    private static readonly string[] SpecLanguages = ["yaml", "yml", "json"];

    /// <summary>Extracts the first spec block of <paramref name="markdown"/>.</summary>
    /// <param name="filePath">The file, for error messages.</param>
    /// <param name="markdown">The Markdown text.</param>
    /// <returns>The block.</returns>
    /// <exception cref="SpecInputException">There is no yaml/json fenced block, or it is not closed.</exception>
    public static FencedSpecBlock Extract(string filePath, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpenFence(lines[i], out var fenceChar, out var fenceLength, out var language)) continue;
            var isSpec = SpecLanguages.Contains(language, StringComparer.OrdinalIgnoreCase);
            var end = FindClosingFence(lines, i + 1, fenceChar, fenceLength);
            if (!isSpec)
            {
                // Skip over other code blocks so a yaml fence quoted inside them is not mistaken for the spec.
                if (end < 0) break;
                i = end;
                continue;
            }
            if (end < 0)
            {
                throw new SpecInputException(filePath, $"the ```{language} block that starts here is never closed", i + 1, 1);
            }
            var content = string.Join("\n", lines, i + 1, end - i - 1);
            return new FencedSpecBlock(content, i + 2, string.Equals(language, "json", StringComparison.OrdinalIgnoreCase));
        }
        throw new SpecInputException(filePath, "no fenced ```yaml, ```yml or ```json block with a spec in this Markdown file");
    }

    private static bool TryOpenFence(string line, out char fenceChar, out int fenceLength, out string language)
    {
        fenceChar = '\0';
        fenceLength = 0;
        language = "";
        var indent = CountLeading(line, ' ');
        if (indent > 3 || indent >= line.Length) return false;
        var c = line[indent];
        if (c is not ('`' or '~')) return false;
        var run = CountLeading(line.Substring(indent), c);
        if (run < 3) return false;
        var info = line.Substring(indent + run).Trim();
        if (c == '`' && info.Contains('`')) return false;
        fenceChar = c;
        fenceLength = run;
        var space = info.IndexOfAny([' ', '\t']);
        language = space < 0 ? info : info.Substring(0, space);
        return true;
    }

    private static int FindClosingFence(string[] lines, int start, char fenceChar, int fenceLength)
    {
        for (var j = start; j < lines.Length; j++)
        {
            var trimmed = lines[j].Trim();
            if (trimmed.Length >= fenceLength && trimmed.All(ch => ch == fenceChar) && CountLeading(lines[j], ' ') <= 3) return j;
        }
        return -1;
    }

    private static int CountLeading(string text, char c)
    {
        var n = 0;
        while (n < text.Length && text[n] == c) n++;
        return n;
    }
}
