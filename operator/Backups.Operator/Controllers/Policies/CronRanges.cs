using System.Globalization;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// A semantic check of a five-field cron expression on top of Cronos' parser (which accepts some expressions that cannot
/// mean what was written, such as the reversed range <c>5-1</c>): every number is within its field's bounds and every
/// range <c>a-b</c> has <c>a ≤ b</c>. Names (<c>JAN</c>, <c>MON</c>), <c>*</c>, <c>?</c>, <c>L</c>, <c>W</c> and <c>#</c> forms are
/// left to Cronos. See docs/design.md, "Policy readiness".
/// </summary>
public static class CronRanges
{
    private static readonly (string Name, int Min, int Max)[] Fields =
    [
        ("minute", 0, 59),
        ("hour", 0, 23),
        ("day-of-month", 1, 31),
        ("month", 1, 12),
        ("day-of-week", 0, 7),
    ];

    /// <summary>What is wrong with <paramref name="expression"/>'s ranges, or null when nothing is (or it is not five fields).</summary>
    public static string? Problem(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != Fields.Length)
        {
            return null;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            var (name, min, max) = Fields[i];
            foreach (var part in fields[i].Split(','))
            {
                var range = part.Split('/')[0];
                var bounds = range.Split('-');
                if (bounds.Length != 2)
                {
                    if (bounds.Length == 1 && Number(bounds[0]) is { } single && (single < min || single > max))
                    {
                        return $"'{expression}': {name} value {single} is out of range {min}-{max}.";
                    }

                    continue;
                }

                if (Number(bounds[0]) is not { } from || Number(bounds[1]) is not { } to)
                {
                    continue;
                }

                if (from < min || to > max)
                {
                    return $"'{expression}': {name} range {from}-{to} is outside {min}-{max}.";
                }

                if (from > to)
                {
                    return $"'{expression}': {name} range {from}-{to} runs backwards; write the smaller number first (e.g. {to}-{from}), or list the values.";
                }
            }
        }

        return null;
    }

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
