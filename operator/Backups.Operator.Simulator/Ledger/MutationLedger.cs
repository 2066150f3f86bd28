namespace Backups.Operator.Simulator.Ledger;

/// <summary>What a recorded request did.</summary>
public enum LedgerEntryKind
{
    /// <summary><c>POST /v2/droplets/{id}/actions {"type":"snapshot"}</c> that reached the account (accepted or refused).</summary>
    SnapshotPost,

    /// <summary><c>POST /v2/droplets/{id}/actions {"type":"rebuild"}</c> that reached the account (accepted or refused).</summary>
    RebuildPost,

    /// <summary><c>DELETE /v2/snapshots/{id}</c> that removed a snapshot.</summary>
    SnapshotDelete,
}

/// <summary>
/// One request that changed (or tried to change) snapshots or droplets: the ground truth chaos tests check against
/// (one snapshot POST per Backup, no foreign snapshot touched). <see cref="ActionId"/> is null when the request was refused
/// (<see cref="StatusCode"/> 422 or 404); <see cref="SnapshotId"/> is the image rebuilt from or deleted.
/// </summary>
public sealed record LedgerEntry(
    long Sequence,
    DateTimeOffset Time,
    LedgerEntryKind Kind,
    string AccountUuid,
    long DropletId,
    string? SnapshotName,
    long? SnapshotId,
    long? ActionId,
    int StatusCode);

/// <summary>
/// Every snapshot POST, rebuild POST and snapshot DELETE the simulator handled since it started, in order. Unlike the
/// request log it keeps the snapshot names and ids and is never trimmed or reset. Thread-safe.
/// </summary>
public sealed class MutationLedger
{
    private readonly Lock _lock = new();
    private readonly List<LedgerEntry> _entries = [];

    public void Record(DateTimeOffset time, LedgerEntryKind kind, string accountUuid, long dropletId, string? snapshotName, long? snapshotId,
        long? actionId, int statusCode)
    {
        lock (_lock)
        {
            _entries.Add(new LedgerEntry(_entries.Count + 1, time, kind, accountUuid, dropletId, snapshotName, snapshotId, actionId, statusCode));
        }
    }

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<LedgerEntry> Entries()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }
}
