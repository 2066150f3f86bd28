namespace Backups.Operator.DigitalOcean.Models;

/// <summary>What a successful snapshot delete found.</summary>
public enum SnapshotDeletion
{
    /// <summary>204: the snapshot was deleted by this call.</summary>
    Deleted,

    /// <summary>404: the snapshot was already gone (counts as done).</summary>
    AlreadyGone,
}
