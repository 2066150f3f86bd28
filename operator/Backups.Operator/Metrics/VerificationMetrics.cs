using Backups.Operator.Kubernetes.Metrics;
using Prometheus;

namespace Backups.Operator.Metrics;

/// <summary>
/// Verification metrics (docs/design.md, "Verifications"): <c>backup_verifications_total{result}</c>,
/// <c>backup_verification_duration_seconds</c> and <c>backup_last_verified_timestamp_seconds{namespace,policy}</c>.
/// </summary>
public sealed class VerificationMetrics
{
    /// <summary>A run boots a droplet and probes it: seconds to an hour.</summary>
    public static readonly double[] DurationBuckets = [30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600];

    private readonly Counter _verifications;
    private readonly Histogram _duration;
    private readonly Gauge _lastVerified;

    public VerificationMetrics(OperatorMetrics operatorMetrics)
    {
        ArgumentNullException.ThrowIfNull(operatorMetrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(operatorMetrics.Registry);
        _verifications = factory.CreateCounter("backup_verifications_total", "Verification runs that finished, by result (passed or failed).",
            new CounterConfiguration { LabelNames = ["result"] });
        _duration = factory.CreateHistogram("backup_verification_duration_seconds", "Time from the verification droplet's request to the run's end.",
            new HistogramConfiguration { Buckets = DurationBuckets });
        _lastVerified = factory.CreateGauge("backup_last_verified_timestamp_seconds", "When a backup of the policy last passed a verification (Unix time).",
            new GaugeConfiguration { LabelNames = ["namespace", "policy"] });
    }

    /// <summary>A run ended.</summary>
    public void Finished(bool passed, TimeSpan? duration, string @namespace, string? policy, DateTimeOffset at)
    {
        _verifications.WithLabels(passed ? "passed" : "failed").Inc();
        if (duration is { } d && d >= TimeSpan.Zero)
        {
            _duration.Observe(d.TotalSeconds);
        }

        if (passed && !string.IsNullOrEmpty(policy))
        {
            _lastVerified.WithLabels(@namespace, policy).Set(at.ToUnixTimeSeconds());
        }
    }

    /// <summary>Removes the per-policy series of a policy that is gone (<c>backup_last_verified_timestamp_seconds</c>).</summary>
    public void Forget(string @namespace, string policy)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(policy);
        _lastVerified.RemoveLabelled(@namespace, policy);
    }
}
