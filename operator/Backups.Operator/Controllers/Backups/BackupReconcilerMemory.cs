using System.Collections.Concurrent;
using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// Hints the Backup controller keeps in memory only (never needed for correctness, lost on restart): droplet disk sizes
/// for the first duration estimate and the droplet read before
/// a snapshot POST the rate limiter refused (so the retry spends its one booked slot on the POST). Singleton.
/// </summary>
public sealed class BackupReconcilerMemory
{
    private readonly ConcurrentDictionary<long, int> _diskGigabytes = new();
    private readonly ConcurrentDictionary<string, Droplet> _readBeforeRefusedPost = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _waitingForBudget = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _bookedSlots = new(StringComparer.Ordinal);

    public void RememberDisk(long dropletId, int diskGigabytes)
    {
        if (diskGigabytes > 0)
        {
            _diskGigabytes[dropletId] = diskGigabytes;
        }
    }

    public int? DiskGigabytes(long dropletId) => _diskGigabytes.TryGetValue(dropletId, out var disk) ? disk : null;

    /// <summary>
    /// The backup's snapshot POST was refused by the token's rate limiter after <paramref name="droplet"/> was read: the
    /// retry POSTs without reading the droplet again (docs/digitalocean-api.md, "Rate limits"), since a retry that first
    /// spends its booked slot on the GET is refused the POST again under a saturated budget and never gets further.
    /// </summary>
    public void RememberReadBeforeRefusedPost(string backupUid, Droplet droplet) => _readBeforeRefusedPost[backupUid] = droplet;

    /// <summary>The droplet remembered by <see cref="RememberReadBeforeRefusedPost"/>, removed on the way out, or null.</summary>
    public Droplet? TakeReadBeforeRefusedPost(string backupUid) =>
        _readBeforeRefusedPost.TryRemove(backupUid, out var droplet) ? droplet : null;

    /// <summary>Whether the backup's last attempt to request its snapshot was refused by its token's rate limiter.</summary>
    public void WaitForBudget(string backupUid, bool waiting)
    {
        if (waiting)
        {
            _waitingForBudget[backupUid] = true;
        }
        else
        {
            _waitingForBudget.TryRemove(backupUid, out _);
            _bookedSlots.TryRemove(backupUid, out _);
        }
    }

    /// <summary>
    /// The time the token's rate limiter booked for the backup's next request after refusing one. A reconcile woken
    /// before it (by another object's event) makes no DigitalOcean call: each refused call books a new, later slot, so
    /// early wake-ups would push the backup's turn further out every time (docs/digitalocean-api.md, "Rate limits").
    /// </summary>
    public void RememberBookedSlot(string backupUid, DateTimeOffset at) => _bookedSlots[backupUid] = at;

    /// <summary>The slot remembered by <see cref="RememberBookedSlot"/>, or null.</summary>
    public DateTimeOffset? BookedSlot(string backupUid) => _bookedSlots.TryGetValue(backupUid, out var at) ? at : null;

    /// <summary>True while the backup's snapshot is not requested only because its token's budget is booked out.</summary>
    public bool WaitsForBudget(string backupUid) => _waitingForBudget.ContainsKey(backupUid);

    public void Forget(string backupUid)
    {
        _waitingForBudget.TryRemove(backupUid, out _);
        _bookedSlots.TryRemove(backupUid, out _);
        _readBeforeRefusedPost.TryRemove(backupUid, out _);
    }
}
