using Backups.Operator.Kubernetes.Queue;
using Prometheus;

namespace Backups.Operator.Kubernetes.Metrics;

/// <summary>The <c>workqueue_*</c> series of one controller's queue (labels <c>name</c> and <c>controller</c> = controller name).</summary>
internal sealed class WorkQueueMetrics : IWorkQueueMetrics
{
    private readonly Gauge.Child _depth;
    private readonly Counter.Child _adds;
    private readonly Histogram.Child _latency;
    private readonly Histogram.Child _workDuration;
    private readonly Counter.Child _retries;

    public WorkQueueMetrics(OperatorMetrics metrics, string controller)
    {
        _depth = metrics.QueueDepth.WithLabels(controller, controller, string.Empty);
        _adds = metrics.QueueAdds.WithLabels(controller, controller);
        _latency = metrics.QueueLatency.WithLabels(controller, controller);
        _workDuration = metrics.WorkDuration.WithLabels(controller, controller);
        _retries = metrics.QueueRetries.WithLabels(controller, controller);
    }

    public void Added()
    {
        _depth.Inc();
        _adds.Inc();
    }

    public void Started(TimeSpan queued)
    {
        _depth.Dec();
        _latency.Observe(queued.TotalSeconds);
    }

    public void Finished(TimeSpan worked) => _workDuration.Observe(worked.TotalSeconds);

    public void Retried() => _retries.Inc();

    public void Dropped(int count) => _depth.Dec(count);
}
