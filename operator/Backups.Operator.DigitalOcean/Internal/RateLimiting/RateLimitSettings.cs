namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>The per-token budget: both sliding windows and the safety margin added to each.</summary>
internal sealed record RateLimitSettings(int RequestsPerMinute, int RequestsPerHour, TimeSpan WindowMargin)
{
    public static RateLimitSettings From(DigitalOceanClientOptions options) =>
        new(options.RequestsPerMinute, options.RequestsPerHour, options.RateLimitWindowMargin);
}
