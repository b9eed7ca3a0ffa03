namespace Fireworks.SpecDiff.Loading;

/// <summary>
/// An input file that cannot be diffed: missing, unreadable, not YAML/JSON, or not an OpenAPI 3.x document.
/// The message always names the file and, when known, the line and column.
/// </summary>
public sealed class SpecInputException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file that could not be read.</param>
    /// <param name="problem">What is wrong with it, as a sentence fragment.</param>
    /// <param name="line">1-based line of the problem, or 0 when unknown.</param>
    /// <param name="column">1-based column of the problem, or 0 when unknown.</param>
    /// <param name="inner">The parser's exception, if any.</param>
    public SpecInputException(string filePath, string problem, int line = 0, int column = 0, Exception? inner = null)
        : base(Format(filePath, problem, line, column), inner)
    {
        FilePath = filePath;
        Problem = problem;
        Line = line;
        Column = column;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with the file.</summary>
    public string Problem { get; }

    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public int Column { get; }

    private static string Format(string filePath, string problem, int line, int column) =>
        line > 0 ? $"{filePath}({line},{column}): {problem}" : $"{filePath}: {problem}";
}
