using Prometheus;

namespace Backups.Operator.Kubernetes.Metrics;

/// <summary>
/// The metric families of the runtime, with controller-runtime's exact names, labels and buckets, in one
/// <see cref="CollectorRegistry"/> per host (served on <c>/metrics</c>).
/// </summary>
public sealed class OperatorMetrics
{
    /// <summary>controller-runtime <c>pkg/internal/controller/metrics</c> reconcile-time buckets.</summary>
    public static readonly double[] ReconcileTimeBuckets =
    [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
        1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
    ];

    /// <summary>client-go work queue buckets: <c>ExponentialBuckets(10e-9, 10, 12)</c>.</summary>
    public static readonly double[] WorkQueueBuckets = Histogram.ExponentialBuckets(10e-9, 10, 12);

    public OperatorMetrics()
        : this(Prometheus.Metrics.NewCustomRegistry())
    {
    }

    public OperatorMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        string[] controller = ["controller"];
        string[] queue = ["name", "controller"];

        ReconcileTotal = factory.CreateCounter("controller_runtime_reconcile_total", "Total number of reconciliations per controller",
            new CounterConfiguration { LabelNames = ["controller", "result"] });
        ReconcileErrors = factory.CreateCounter("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller",
            new CounterConfiguration { LabelNames = controller });
        TerminalReconcileErrors = factory.CreateCounter("controller_runtime_terminal_reconcile_errors_total", "Total number of terminal reconciliation errors per controller",
            new CounterConfiguration { LabelNames = controller });
        ReconcilePanics = factory.CreateCounter("controller_runtime_reconcile_panics_total", "Total number of reconciliation panics per controller",
            new CounterConfiguration { LabelNames = controller });
        ReconcileTimeouts = factory.CreateCounter("controller_runtime_reconcile_timeouts_total", "Total number of reconciliation timeouts per controller",
            new CounterConfiguration { LabelNames = controller });
        ReconcileTime = factory.CreateHistogram("controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller",
            new HistogramConfiguration { LabelNames = controller, Buckets = ReconcileTimeBuckets });
        StaleReconcilesSkipped = factory.CreateCounter("controller_runtime_stale_reconciles_skipped_total",
            "Reconciles not run yet because the cache had not delivered the operator's own last write of the object (they run when it does, or after the expectation timeout)",
            new CounterConfiguration { LabelNames = controller });
        MaxConcurrentReconciles = factory.CreateGauge("controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller",
            new GaugeConfiguration { LabelNames = controller });
        ActiveWorkers = factory.CreateGauge("controller_runtime_active_workers", "Number of currently used workers per controller",
            new GaugeConfiguration { LabelNames = controller });

        QueueDepth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue",
            new GaugeConfiguration { LabelNames = ["name", "controller", "priority"] });
        QueueAdds = factory.CreateCounter("workqueue_adds_total", "Total number of adds handled by workqueue",
            new CounterConfiguration { LabelNames = queue });
        QueueLatency = factory.CreateHistogram("workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested",
            new HistogramConfiguration { LabelNames = queue, Buckets = WorkQueueBuckets });
        WorkDuration = factory.CreateHistogram("workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes.",
            new HistogramConfiguration { LabelNames = queue, Buckets = WorkQueueBuckets });
        UnfinishedWork = factory.CreateGauge("workqueue_unfinished_work_seconds",
            "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
            new GaugeConfiguration { LabelNames = queue });
        LongestRunningProcessor = factory.CreateGauge("workqueue_longest_running_processor_seconds",
            "How many seconds has the longest running processor for workqueue been running.",
            new GaugeConfiguration { LabelNames = queue });
        QueueRetries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue",
            new CounterConfiguration { LabelNames = queue });

        InformerUndecodableObjects = factory.CreateCounter("informer_undecodable_objects_total",
            "Objects an informer skipped because they could not be decoded (see the Warning log and the Undecodable event naming each)",
            new CounterConfiguration { LabelNames = ["resource"] });
        InformerStuck = factory.CreateGauge("informer_stuck",
            "1 while an informer has not synced or has been unable to list or watch for longer than its stuck threshold (readiness fails), else 0",
            new GaugeConfiguration { LabelNames = ["resource"] });

        LeaderElectionStatus = factory.CreateGauge("leader_election_master_status",
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.",
            new GaugeConfiguration { LabelNames = ["name"] });
    }

    public CollectorRegistry Registry { get; }

    public Counter ReconcileTotal { get; }

    public Counter ReconcileErrors { get; }

    public Counter TerminalReconcileErrors { get; }

    public Counter ReconcilePanics { get; }

    public Counter ReconcileTimeouts { get; }

    public Histogram ReconcileTime { get; }

    public Counter StaleReconcilesSkipped { get; }

    public Gauge MaxConcurrentReconciles { get; }

    public Gauge ActiveWorkers { get; }

    public Gauge QueueDepth { get; }

    public Counter QueueAdds { get; }

    public Histogram QueueLatency { get; }

    public Histogram WorkDuration { get; }

    public Gauge UnfinishedWork { get; }

    public Gauge LongestRunningProcessor { get; }

    public Counter QueueRetries { get; }

    public Gauge LeaderElectionStatus { get; }

    public Counter InformerUndecodableObjects { get; }

    public Gauge InformerStuck { get; }
}
