using System.Globalization;
using Backups.Operator.DigitalOcean.Metrics;
using Backups.Operator.Kubernetes.Metrics;
using Prometheus;

namespace Backups.Operator.DigitalOcean;

/// <summary>
/// Exports the DigitalOcean client's hooks into the operator's registry:
/// <c>digitalocean_api_requests_total{operation,code}</c> (code = HTTP status, or <c>error</c> when no response arrived),
/// <c>digitalocean_api_request_duration_seconds{operation}</c>, <c>digitalocean_ratelimit_remaining{token}</c> and
/// <c>digitalocean_ratelimit_deferred_total{token,priority}</c>. The token label is the client's opaque hash label, never the token.
/// </summary>
public sealed class DigitalOceanClientMetrics : IDigitalOceanClientMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Gauge _remaining;
    private readonly Counter _deferred;

    public DigitalOceanClientMetrics(OperatorMetrics operatorMetrics)
    {
        ArgumentNullException.ThrowIfNull(operatorMetrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(operatorMetrics.Registry);
        _requests = factory.CreateCounter("digitalocean_api_requests_total", "DigitalOcean API requests (HTTP attempts), by operation and status code.",
            new CounterConfiguration { LabelNames = ["operation", "code"] });
        _duration = factory.CreateHistogram("digitalocean_api_request_duration_seconds", "Duration of DigitalOcean API requests, by operation.",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _remaining = factory.CreateGauge("digitalocean_ratelimit_remaining", "DigitalOcean's ratelimit-remaining from the latest response, by token label (an opaque hash).",
            new GaugeConfiguration { LabelNames = ["token"] });
        _deferred = factory.CreateCounter("digitalocean_ratelimit_deferred_total", "Requests not sent because the token had no free slot: the reconcile was requeued for the slot's time (nobody waits).",
            new CounterConfiguration { LabelNames = ["token", "priority"] });
    }

    public void RequestCompleted(string operation, int? statusCode, TimeSpan duration)
    {
        var code = statusCode?.ToString(CultureInfo.InvariantCulture) ?? "error";
        _requests.WithLabels(operation, code).Inc();
        if (duration >= TimeSpan.Zero)
        {
            _duration.WithLabels(operation).Observe(duration.TotalSeconds);
        }
    }

    public void RateLimitRemaining(string tokenLabel, int remaining) => _remaining.WithLabels(tokenLabel).Set(remaining);

    public void RateLimitDeferred(string tokenLabel, RequestPriority priority) =>
        _deferred.WithLabels(tokenLabel, priority == RequestPriority.Background ? "background" : "normal").Inc();
}
