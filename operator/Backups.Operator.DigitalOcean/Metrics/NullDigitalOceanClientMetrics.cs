namespace Backups.Operator.DigitalOcean.Metrics;

/// <summary>The default hooks: record nothing.</summary>
public sealed class NullDigitalOceanClientMetrics : IDigitalOceanClientMetrics
{
    public static NullDigitalOceanClientMetrics Instance { get; } = new();

    public void RequestCompleted(string operation, int? statusCode, TimeSpan duration)
    {
    }

    public void RateLimitRemaining(string tokenLabel, int remaining)
    {
    }

    public void RateLimitDeferred(string tokenLabel, RequestPriority priority)
    {
    }
}
