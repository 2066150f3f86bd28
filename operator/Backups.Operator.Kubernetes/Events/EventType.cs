namespace Backups.Operator.Kubernetes.Events;

/// <summary>The <c>type</c> of a Kubernetes event.</summary>
public enum EventType
{
    Normal,
    Warning,
}
