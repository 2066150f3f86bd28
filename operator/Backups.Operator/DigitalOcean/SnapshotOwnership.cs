using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.DigitalOcean;

/// <summary>Before a destructive call (delete, rebuild): the snapshot must have been taken of the policy's droplet.</summary>
public static class SnapshotOwnership
{
    /// <summary>True when the snapshot's <c>resource_id</c> equals <paramref name="dropletId"/>.</summary>
    public static bool IsOf(Snapshot snapshot, long dropletId)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.ResourceId == dropletId;
    }

    /// <summary>The message when <see cref="IsOf"/> is false.</summary>
    public static string Mismatch(Snapshot snapshot, long dropletId) =>
        $"Snapshot {snapshot.Id} ('{snapshot.Name}') was taken of droplet {snapshot.ResourceId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)"}, not of droplet {dropletId}: the operator will not touch it.";
}
