namespace Backups.Operator.Kubernetes.Status;

/// <summary>The values of a condition's <c>status</c>.</summary>
public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";
}
