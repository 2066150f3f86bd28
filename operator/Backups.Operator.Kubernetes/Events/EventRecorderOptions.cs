using System.ComponentModel.DataAnnotations;

namespace Backups.Operator.Kubernetes.Events;

/// <summary>Options of the event recorder.</summary>
public sealed class EventRecorderOptions
{
    /// <summary><c>source.component</c> / <c>reportingComponent</c> of the events.</summary>
    [Required]
    public string Component { get; set; } = "backups-operator";

    /// <summary><c>reportingInstance</c>, defaults to the host name (the pod name in a cluster).</summary>
    [Required]
    public string Instance { get; set; } = Environment.MachineName;

    /// <summary>Events waiting to be written; further events are dropped (and counted) while it is full.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Repeats within this window update the existing event's count.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AggregationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Distinct events remembered for aggregation.</summary>
    [Range(1, 1_000_000)]
    public int CacheSize { get; set; } = 4096;
}
