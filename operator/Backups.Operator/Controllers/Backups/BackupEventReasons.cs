namespace Backups.Operator.Controllers.Backups;

/// <summary>The reasons of the Events the Backup controller records.</summary>
internal static class BackupEventReasons
{
    public const string Creating = "Creating";
    public const string Queued = "Queued";
    public const string SnapshotRequested = "SnapshotRequested";
    public const string SnapshotAdopted = "SnapshotAdopted";
    public const string SnapshotRequestLost = "SnapshotRequestLost";
    public const string Available = "Available";
    public const string Slow = "Slow";
    public const string Restoring = "Restoring";
    public const string Deleting = "Deleting";
    public const string SnapshotDeleted = "SnapshotDeleted";
    public const string SnapshotRetained = "SnapshotRetained";
    public const string DeletionFailed = "DeletionFailed";
    public const string WaitingForRestore = "WaitingForRestore";
    public const string DeletionPolicyChanged = "DeletionPolicyChanged";
    public const string OrphanSnapshot = "OrphanSnapshot";
    public const string OrphanSnapshotDeleted = "OrphanSnapshotDeleted";
}
