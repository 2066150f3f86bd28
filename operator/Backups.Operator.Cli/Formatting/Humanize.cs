using System.Globalization;

namespace Backups.Operator.Cli.Formatting;

/// <summary>Times, durations and sizes the way the plugin prints them (kubectl-like ages, UTC dates, GB with two decimals).</summary>
public static class Humanize
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>kubectl's age: <c>45s</c>, <c>7m</c>, <c>5h</c>, <c>12d</c>; <c>&lt;unknown&gt;</c> without a time.</summary>
    public static string Age(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? Duration(now - t) : "<unknown>";

    /// <summary>A short duration: <c>45s</c>, <c>7m</c>, <c>5h</c>, <c>12d</c> (negative spans count as 0s).</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 120 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 120 ? $"{(int)span.TotalMinutes}m"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours}h"
            : $"{(int)span.TotalDays}d";
    }

    /// <summary>A running clock: <c>0:07</c>, <c>12:30</c>, <c>1:02:03</c>.</summary>
    public static string Clock(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalHours >= 1
            ? string.Create(Invariant, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(Invariant, $"{span.Minutes}:{span.Seconds:00}");
    }

    /// <summary><c>2026-12-02 03:00 UTC</c>, or <c>-</c>.</summary>
    public static string Utc(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant) : "-";

    /// <summary>The time in a zone with its abbreviation-free offset: <c>2026-12-02 04:00 Europe/Berlin (+01:00)</c>.</summary>
    public static string InZone(DateTimeOffset time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(time, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(Invariant, $"{local:yyyy-MM-dd HH:mm} {zone.Id} ({sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary><c>0.80 GB</c>, or <c>-</c> when the size is not known yet.</summary>
    public static string Size(double? gigabytes) =>
        gigabytes is { } g && double.IsFinite(g) ? string.Create(Invariant, $"{g:0.00} GB") : "-";

    /// <summary><c>$0.05</c>.</summary>
    public static string Dollars(double amount) => string.Create(Invariant, $"${amount:0.00}");
}
