namespace Backups.Operator.Kubernetes.Queue;

/// <summary>Discards work queue measurements.</summary>
public sealed class NullWorkQueueMetrics : IWorkQueueMetrics
{
    public static readonly NullWorkQueueMetrics Instance = new();

    public void Added()
    {
    }

    public void Started(TimeSpan queued)
    {
    }

    public void Finished(TimeSpan worked)
    {
    }

    public void Retried()
    {
    }

    public void Dropped(int count)
    {
    }
}
