namespace Backups.Operator.Rules.Retention;

/// <summary>Why the rules delete a backup (the <c>reason</c> label of <c>backup_deleted_total</c>).</summary>
public enum DeletionReason
{
    /// <summary>Beyond the newest N Available automatic backups, or an automatic Error backup with a newer Available automatic one.</summary>
    Retention,

    /// <summary>Past its <c>expiresAt</c>.</summary>
    Expiry,

    /// <summary>Evicted so an automatic run fits under the 20-backup cap.</summary>
    Cap,
}

/// <summary>Helpers for <see cref="DeletionReason"/>.</summary>
public static class DeletionReasonExtensions
{
    /// <summary>The metric label value: <c>retention</c>, <c>expiry</c> or <c>cap</c>.</summary>
    public static string ToMetricLabel(this DeletionReason reason) => reason switch
    {
        DeletionReason.Retention => "retention",
        DeletionReason.Expiry => "expiry",
        DeletionReason.Cap => "cap",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown deletion reason."),
    };
}
