using System.Collections.Concurrent;
using Backups.Operator.Kubernetes.Resources;

namespace Backups.Operator.Controllers.Coordination;

/// <summary>
/// Hands the policy controller's snapshot check to the Backup controller, the only writer of <c>Backup.status</c>: the
/// policy's periodic check lists its droplet's snapshots (every page) and records here each Available Backup whose snapshot
/// id is absent from that complete list; the policy's status write (<c>status.lastSnapshotCheckAt</c>) wakes the Backup
/// controller for exactly those Backups (<see cref="BackupsOf"/>), which turns each to Error SnapshotMissing once
/// (<see cref="Take"/>). Memory only: a verdict lost in a restart is found again by the policy's next check.
/// See docs/design.md, "Snapshot checks". Singleton.
/// </summary>
public sealed class MissingSnapshotVerdicts
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MissingSnapshot>> _byPolicy = new(StringComparer.Ordinal);

    /// <summary>
    /// The verdicts of one complete list of the droplet of policy <paramref name="policyName"/> in <paramref name="namespace"/>:
    /// <paramref name="missing"/> replaces whatever was recorded for that policy before.
    /// </summary>
    public void Record(string @namespace, string policyName, IEnumerable<MissingSnapshot> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var verdicts = new ConcurrentDictionary<string, MissingSnapshot>(StringComparer.Ordinal);
        foreach (var verdict in missing)
        {
            verdicts[verdict.BackupUid] = verdict;
        }

        if (verdicts.IsEmpty)
        {
            _byPolicy.TryRemove(Key(@namespace, policyName), out _);
        }
        else
        {
            _byPolicy[Key(@namespace, policyName)] = verdicts;
        }
    }

    /// <summary>The Backups of the policy with a verdict not yet taken (the Backup controller's watch of policies).</summary>
    public IEnumerable<ObjectKey> BackupsOf(string @namespace, string policyName) =>
        _byPolicy.TryGetValue(Key(@namespace, policyName), out var verdicts)
            ? verdicts.Values.Select(v => new ObjectKey(@namespace, v.BackupName)).ToList()
            : [];

    /// <summary>
    /// Removes and returns the verdict on the Backup with <paramref name="backupUid"/> of policy <paramref name="policyName"/>
    /// when it is about <paramref name="snapshotId"/> (the Backup's snapshot now), else null.
    /// </summary>
    public MissingSnapshot? Take(string @namespace, string? policyName, string backupUid, string? snapshotId)
    {
        if (policyName is null || snapshotId is null || !_byPolicy.TryGetValue(Key(@namespace, policyName), out var verdicts)
            || !verdicts.TryRemove(backupUid, out var verdict))
        {
            return null;
        }

        return string.Equals(verdict.SnapshotId, snapshotId, StringComparison.Ordinal) ? verdict : null;
    }

    /// <summary>Drops the verdicts of a deleted policy.</summary>
    public void Forget(string @namespace, string policyName) => _byPolicy.TryRemove(Key(@namespace, policyName), out _);

    private static string Key(string @namespace, string policyName) => @namespace + "/" + policyName;
}

/// <summary>An Available Backup whose snapshot was absent from a complete list of its droplet's snapshots.</summary>
/// <param name="BackupUid">The Backup's uid.</param>
/// <param name="BackupName">The Backup's name (namespace of its policy).</param>
/// <param name="SnapshotId">The snapshot id the Backup recorded.</param>
/// <param name="ListedAt">When the list that lacked it was read.</param>
public sealed record MissingSnapshot(string BackupUid, string BackupName, string SnapshotId, DateTimeOffset ListedAt);
