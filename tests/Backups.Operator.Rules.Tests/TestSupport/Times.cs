using System.Globalization;

namespace Backups.Operator.Rules.Tests.TestSupport;

internal static class Times
{
    /// <summary>Parses an RFC 3339 instant such as <c>2026-03-29T01:00:00Z</c>.</summary>
    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? UtcOrNull(string? text) => text is null ? null : Utc(text);
}
