namespace Backups.Operator.DigitalOcean.Metrics;

/// <summary>Hooks the host implements to export client metrics (for example
/// <c>digitalocean_api_requests_total{operation,code}</c> and <c>digitalocean_ratelimit_remaining</c>).
/// Called on the request path: implementations must be fast and thread-safe and must not throw.
/// Token identity, where given, is the opaque <see cref="IDigitalOceanClient.TokenLabel"/>, never the token.</summary>
public interface IDigitalOceanClientMetrics
{
    /// <summary>One HTTP attempt finished. <paramref name="statusCode"/> is null when no response arrived (timeout, connection error).
    /// <paramref name="operation"/> is one of <see cref="DigitalOceanOperations"/>.</summary>
    void RequestCompleted(string operation, int? statusCode, TimeSpan duration);

    /// <summary>The server's <c>ratelimit-remaining</c> for a token, from the latest response that carried it.</summary>
    void RateLimitRemaining(string tokenLabel, int remaining);

    /// <summary>A request was not sent because the token had no free slot; the caller was told when to come back (nobody waits).</summary>
    void RateLimitDeferred(string tokenLabel, RequestPriority priority);
}
