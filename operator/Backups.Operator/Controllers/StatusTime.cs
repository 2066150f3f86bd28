namespace Backups.Operator.Controllers;

/// <summary>
/// Status timestamps at metav1.Time precision (whole seconds, UTC), so a value read back from the API server
/// compares equal to the one written and status is not rewritten for a sub-second difference.
/// </summary>
internal static class StatusTime
{
    /// <summary><paramref name="value"/> truncated to the second, in UTC.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary><paramref name="value"/> truncated to the second, in UTC; null stays null.</summary>
    public static DateTimeOffset? WholeSeconds(DateTimeOffset? value) => value is { } v ? WholeSeconds(v) : null;
}
