using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Backups.Operator.Cli.Commands;

/// <summary>Durations as kubectl writes them: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>, or a bare number of seconds.</summary>
public static partial class DurationArgument
{
    /// <summary>Parses <paramref name="text"/>; null when it is not a duration.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var match = Pattern().Match(text);
        if (!match.Success || match.Length == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            var value = double.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
            total += unit switch
            {
                'h' => TimeSpan.FromHours(value),
                'm' => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total;
    }

    /// <summary>The parser System.CommandLine calls for a duration option.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (TryParse(text) is { } value && value > TimeSpan.Zero)
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration: use e.g. 30s, 10m or 1h30m");
        return default;
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?[hms])+$")]
    private static partial Regex Pattern();
}
