using System.Text;

namespace Fireworks.Benchmarks.Reporting;

/// <summary>A comma-separated table as BenchmarkDotNet's CSV exporter writes it (RFC 4180 quoting, header row first).</summary>
public sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Header = header;
        Rows = rows;
    }

    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows, keyed by column name.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>Parses CSV text.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidDataException">The text is empty, has an unterminated quote or a row of the wrong width.</exception>
    public static CsvTable Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = ParseRecords(text, source);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"{source}: the CSV file is empty.");
        }

        var header = records[0];
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Count != header.Count)
            {
                throw new InvalidDataException($"{source}: row {i + 1} has {records[i].Count} fields, the header has {header.Count}.");
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var column = 0; column < header.Count; column++)
            {
                row[header[column]] = records[i][column];
            }

            rows.Add(row);
        }

        return new CsvTable(header, rows);
    }

    private static List<List<string>> ParseRecords(string text, string source)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new InvalidDataException($"{source}: a quoted field is not terminated.");
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
