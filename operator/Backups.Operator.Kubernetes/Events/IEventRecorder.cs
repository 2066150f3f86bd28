using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Events;

/// <summary>
/// Records Kubernetes events about an object. Fire-and-forget: returns at once, never throws, writes in the background;
/// repeats of the same (object, type, reason, message) increase the count of one event instead of creating new ones.
/// </summary>
public interface IEventRecorder
{
    /// <param name="involved">The object the event is about.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">A short UpperCamelCase reason, e.g. <c>SnapshotCreated</c>.</param>
    /// <param name="message">A human-readable message (truncated to 1 KiB; never put secrets here).</param>
    void Record(IKubernetesObject<V1ObjectMeta> involved, EventType type, string reason, string message);
}
