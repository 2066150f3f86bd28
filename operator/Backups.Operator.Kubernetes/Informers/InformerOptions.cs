using System.ComponentModel.DataAnnotations;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>Options shared by every informer (client-go reflector defaults).</summary>
public sealed class InformerOptions
{
    /// <summary>Only watch this namespace; null watches all namespaces.</summary>
    public string? Namespace { get; set; }

    /// <summary>LIST page size (<c>limit</c>).</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Lower bound of the randomized server-side watch <c>timeoutSeconds</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MinWatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of the randomized server-side watch <c>timeoutSeconds</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan MaxWatchTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A watch without any line (event or bookmark) for this long is abandoned and restarted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan WatchInactivityTimeout { get; set; } = TimeSpan.FromMinutes(11);

    /// <summary>Re-deliver every cached object as an update this often; null disables resync.</summary>
    public TimeSpan? ResyncPeriod { get; set; }

    /// <summary>First delay after a failed LIST/WATCH; doubles up to <see cref="MaxBackoff"/> with full jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(800);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The backoff starts over after this long without errors.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BackoffReset { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Readiness fails (and <c>informer_stuck</c> is 1) when every LIST/WATCH attempt has failed for this long, or the
    /// informer has not synced yet. Below the 1-minute budget of docs/kubernetes-runtime.md, "Informer health".
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Liveness fails when a loop made no progress for this long (must exceed the watch timeouts).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LivenessThreshold { get; set; } = TimeSpan.FromMinutes(15);
}
