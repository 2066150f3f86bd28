using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// The Backups of one droplet that want to request a snapshot, in the order they go: one at a time (DigitalOcean runs one
/// action per droplet; the operator does not rely on its 422 to find out), oldest first (creation time, then namespace and
/// name, so every reconcile computes the same order). A Backup in flight (Creating with a persisted snapshot name) holds
/// the droplet until it leaves Creating.
/// </summary>
public sealed class DropletQueue
{
    private DropletQueue(int inFlight, int waitingAhead, int length, Backup? first)
    {
        InFlight = inFlight;
        WaitingAhead = waitingAhead;
        Length = length;
        First = first;
    }

    /// <summary>Other Backups of the droplet with a request in flight.</summary>
    public int InFlight { get; }

    /// <summary>Older Backups of the droplet that wait to request before this one.</summary>
    public int WaitingAhead { get; }

    /// <summary>Everyone in the queue, this Backup included.</summary>
    public int Length { get; }

    /// <summary>The Backup that goes (or is going) first, when it is not this one.</summary>
    public Backup? First { get; }

    /// <summary>1 when this Backup may request now.</summary>
    public int Position => InFlight + WaitingAhead + 1;

    public bool CanRequest => Position == 1;

    /// <summary>The queue of <paramref name="dropletId"/> as seen by <paramref name="backup"/> (which itself waits to request).</summary>
    public static DropletQueue Of(IEnumerable<Backup> all, long dropletId, Backup backup)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(backup);
        var others = all.Where(b => b.Metadata.Uid != backup.Metadata.Uid && b.Status is { Phase: BackupPhase.Creating } s && s.DropletId == dropletId).ToList();
        var inFlight = others.Where(static b => b.Status.SnapshotName is not null).OrderBy(static b => b, Order).ToList();
        var waiting = others.Where(static b => b.Status.SnapshotName is null && b.Metadata.DeletionTimestamp is null).ToList();
        var ahead = waiting.Where(b => Order.Compare(b, backup) < 0).OrderBy(static b => b, Order).ToList();
        return new DropletQueue(inFlight.Count, ahead.Count, inFlight.Count + waiting.Count + 1, inFlight.FirstOrDefault() ?? ahead.FirstOrDefault());
    }

    /// <summary>What a person sees in the Backup's status while it waits.</summary>
    public string Describe(long dropletId)
    {
        var first = First is { } b ? $"Backup '{b.Metadata.NamespaceProperty}/{b.Metadata.Name}'" : "another Backup";
        var verb = InFlight > 0 ? "is snapshotting it" : "goes first";
        return string.Create(CultureInfo.InvariantCulture,
            $"Queued: position {Position} of {Length} on droplet {dropletId}; {first} {verb}. The operator runs one DigitalOcean action per droplet at a time, oldest Backup first.");
    }

    /// <summary>Oldest first; ties broken by namespace, name and uid so the order is total and the same everywhere.</summary>
    public static IComparer<Backup> Order { get; } = Comparer<Backup>.Create(static (x, y) =>
    {
        var created = Nullable.Compare(x.Metadata.CreationTimestamp, y.Metadata.CreationTimestamp);
        if (created != 0)
        {
            return created;
        }

        var ns = string.CompareOrdinal(x.Metadata.NamespaceProperty, y.Metadata.NamespaceProperty);
        if (ns != 0)
        {
            return ns;
        }

        var name = string.CompareOrdinal(x.Metadata.Name, y.Metadata.Name);
        return name != 0 ? name : string.CompareOrdinal(x.Metadata.Uid, y.Metadata.Uid);
    });
}
