using System.Collections.Concurrent;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// Hints the Backup controller keeps in memory only (never needed for correctness, lost on restart): droplet disk sizes
/// for the first duration estimate, and when each Available snapshot was last verified to exist. Singleton.
/// </summary>
public sealed class BackupReconcilerMemory
{
    private readonly ConcurrentDictionary<long, int> _diskGigabytes = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);

    public BackupReconcilerMemory(TimeProvider timeProvider)
    {
        Started = timeProvider.GetUtcNow();
    }

    /// <summary>When the process started: snapshots not verified since are first checked one interval after it.</summary>
    public DateTimeOffset Started { get; }

    public void RememberDisk(long dropletId, int diskGigabytes)
    {
        if (diskGigabytes > 0)
        {
            _diskGigabytes[dropletId] = diskGigabytes;
        }
    }

    public int? DiskGigabytes(long dropletId) => _diskGigabytes.TryGetValue(dropletId, out var disk) ? disk : null;

    /// <summary>The backup's snapshot was seen at <paramref name="at"/>.</summary>
    public void Verified(string backupUid, DateTimeOffset at) => _verified[backupUid] = at;

    /// <summary>When the backup's snapshot was last seen, else <see cref="Started"/>.</summary>
    public DateTimeOffset LastVerified(string backupUid) => _verified.TryGetValue(backupUid, out var at) ? at : Started;

    public void Forget(string backupUid) => _verified.TryRemove(backupUid, out _);
}
