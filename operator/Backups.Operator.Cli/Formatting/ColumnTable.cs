namespace Backups.Operator.Cli.Formatting;

/// <summary>kubectl's plain table: upper-case headers, columns padded to their widest cell, three spaces apart, no trailing blanks.</summary>
public static class ColumnTable
{
    private const string Gap = "   ";

    /// <summary>The lines of the table, header first; each line's cells are returned padded so a caller can colour one.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Layout(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = new int[headers.Count];
        foreach (var row in all)
        {
            for (var i = 0; i < widths.Length && i < row.Count; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        return [.. all.Select(row => (IReadOnlyList<string>)[.. row.Select((cell, i) =>
            (i == 0 ? string.Empty : Gap) + (i == row.Count - 1 ? cell : cell.PadRight(widths[i])))])];
    }

    /// <summary>The table as text, one line per row, without trailing spaces.</summary>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) =>
        string.Join('\n', Layout(headers, rows).Select(cells => string.Concat(cells).TrimEnd()));
}
