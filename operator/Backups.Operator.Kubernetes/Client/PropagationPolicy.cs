namespace Backups.Operator.Kubernetes.Client;

/// <summary>How dependents are garbage-collected when an owner is deleted.</summary>
public enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}
