using System.Collections.Concurrent;
using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Controllers.Policies.Orphans;

/// <summary>
/// The orphan sweep and snapshot check, run by the policy controller right after a successful periodic check of the policy's
/// token and droplet (so at most one paged snapshot list per droplet per check). The same complete list is the existence
/// check of every Available Backup of the policy (<see cref="MissingSnapshots"/>, handed to the Backup controller through
/// <see cref="MissingSnapshotVerdicts"/>; docs/design.md, "Snapshot checks"). It finds the orphans (<see cref="OrphanSnapshots"/>), reports
/// them (<see cref="OrphanMetrics"/>, a Warning Event on the policy) and, when the policy's deletionPolicy is Delete,
/// deletes each one that has been an orphan for <see cref="BackupsOperatorOptions.OrphanSnapshotGracePeriod"/> (counted from
/// both its creation and the first sweep of this process that saw it, so a restart only ever delays a deletion).
/// A failed list or delete is left for the next check. See docs/design.md, "Orphan sweep".
/// </summary>
public sealed partial class OrphanSweep
{
    /// <summary>Event reason on the policy.</summary>
    public const string OrphanSnapshotsReason = "OrphanSnapshots";

    /// <summary>Event reason on the policy when an orphan was deleted.</summary>
    public const string OrphanSnapshotDeletedReason = "OrphanSnapshotDeleted";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> _firstSeen = new(StringComparer.Ordinal);
    private readonly IInformerFactory _informers;
    private readonly IEventRecorder _events;
    private readonly OrphanMetrics _metrics;
    private readonly IOptionsMonitor<BackupsOperatorOptions> _options;
    private readonly ILogger<OrphanSweep> _logger;
    private readonly MissingSnapshotVerdicts _verdicts;

    public OrphanSweep(IInformerFactory informers, IEventRecorder events, OrphanMetrics metrics, MissingSnapshotVerdicts verdicts, IOptionsMonitor<BackupsOperatorOptions> options, ILogger<OrphanSweep> logger)
    {
        _informers = informers;
        _verdicts = verdicts;
        _events = events;
        _metrics = metrics;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Lists the droplet's snapshots once (every page), records the policy's Available Backups whose snapshot is absent,
    /// reports the orphans and deletes those past their grace period. Returns whether the list was complete (false: a page
    /// failed or was refused for want of budget; no Backup is judged and the next check tries again).
    /// </summary>
    public async Task<bool> SweepAsync(BackupPolicy policy, IDigitalOceanClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(client);
        var ns = policy.Metadata.NamespaceProperty;
        var name = policy.Metadata.Name;

        // Read before the list: each of these had its snapshot found before the list is read.
        var checkable = MissingSnapshots.Checkable(PolicyBackups.Of(_informers.GetInformer<Backup>().Store.List(ns), name));
        var listed = await client.ListDropletSnapshotsAsync(policy.Spec.DropletId, cancellationToken).ConfigureAwait(false);
        if (!listed.IsOk)
        {
            Log.ListFailed(_logger, ns, name, policy.Spec.DropletId, listed.Kind.ToString());
            return false;
        }

        var missing = MissingSnapshots.Find(checkable, listed.Value!, now);
        _verdicts.Record(ns, name, missing);
        foreach (var gone in missing)
        {
            Log.SnapshotMissing(_logger, ns, name, gone.BackupName, gone.SnapshotId, policy.Spec.DropletId);
        }

        await SweepOrphansAsync(policy, client, listed.Value!, now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task SweepOrphansAsync(BackupPolicy policy, IDigitalOceanClient client, IReadOnlyList<Snapshot> listed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var name = policy.Metadata.Name;
        var orphans = OrphanSnapshots.Find(policy, listed, _informers.GetInformer<Backup>().Store.List());
        var seen = _firstSeen.GetOrAdd(policy.Metadata.Uid ?? $"{ns}/{name}", _ => new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        foreach (var gone in seen.Keys.Except(orphans.Select(o => o.Id), StringComparer.Ordinal).ToList())
        {
            seen.TryRemove(gone, out _);
        }

        _metrics.Found(ns, name, orphans.Count);
        if (orphans.Count == 0)
        {
            return;
        }

        var grace = _options.CurrentValue.OrphanSnapshotGracePeriod;
        var deletes = (policy.Spec.DeletionPolicy ?? DeletionPolicy.Delete) == DeletionPolicy.Delete;
        var waiting = new List<Snapshot>();
        foreach (var orphan in orphans)
        {
            var since = seen.GetOrAdd(orphan.Id, now);
            if (!deletes || now - since < grace || now - orphan.CreatedAt < grace)
            {
                waiting.Add(orphan);
                continue;
            }

            var deleted = await client.DeleteSnapshotAsync(orphan.Id, cancellationToken).ConfigureAwait(false);
            if (!deleted.IsOk)
            {
                Log.DeleteFailed(_logger, ns, name, orphan.Id, deleted.Kind.ToString());
                waiting.Add(orphan);
                continue;
            }

            seen.TryRemove(orphan.Id, out _);
            _metrics.Deleted();
            Log.Deleted(_logger, ns, name, orphan.Id, orphan.Name);
            _events.Record(policy, EventType.Normal, OrphanSnapshotDeletedReason,
                $"Deleted orphan snapshot {orphan.Id} ('{orphan.Name}') of droplet {policy.Spec.DropletId}: no Backup refers to it and it was reported {Hours(grace)} ago.");
        }

        if (waiting.Count > 0)
        {
            Log.Found(_logger, ns, name, waiting.Count, policy.Spec.DropletId);
            var list = string.Join(", ", waiting.Take(5).Select(o => $"{o.Id} ('{o.Name}')")) + (waiting.Count > 5 ? $" and {waiting.Count - 5} more" : string.Empty);
            var what = deletes
                ? $"they are deleted {Hours(grace)} after they were first reported, unless a Backup claims them first"
                : "deletionPolicy is Retain, so they are kept: delete them in DigitalOcean if they are not needed";
            _events.Record(policy, EventType.Warning, OrphanSnapshotsReason,
                $"{waiting.Count} snapshot(s) of droplet {policy.Spec.DropletId} carry this operator's naming but belong to no Backup: {list}; {what}.");
        }
    }

    /// <summary>Drops what the sweep remembers of a policy (it is gone).</summary>
    public void Forget(BackupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _firstSeen.TryRemove(policy.Metadata.Uid ?? $"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}", out _);
        _verdicts.Forget(policy.Metadata.NamespaceProperty, policy.Metadata.Name);
        _metrics.Forget(policy.Metadata.NamespaceProperty, policy.Metadata.Name);
    }

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Policy {Namespace}/{Policy}: {Count} orphan snapshot(s) on droplet {DropletId}")]
        public static partial void Found(ILogger logger, string @namespace, string policy, int count, long dropletId);

        [LoggerMessage(2, LogLevel.Information, "Policy {Namespace}/{Policy}: deleted orphan snapshot {SnapshotId} ({SnapshotName})")]
        public static partial void Deleted(ILogger logger, string @namespace, string policy, string snapshotId, string snapshotName);

        [LoggerMessage(3, LogLevel.Debug, "Policy {Namespace}/{Policy}: listing the snapshots of droplet {DropletId} failed ({Kind}); the next check tries again")]
        public static partial void ListFailed(ILogger logger, string @namespace, string policy, long dropletId, string kind);

        [LoggerMessage(4, LogLevel.Debug, "Policy {Namespace}/{Policy}: deleting orphan snapshot {SnapshotId} failed ({Kind}); the next check tries again")]
        public static partial void DeleteFailed(ILogger logger, string @namespace, string policy, string snapshotId, string kind);

        [LoggerMessage(5, LogLevel.Warning, "Policy {Namespace}/{Policy}: snapshot {SnapshotId} of Backup {Backup} is not among the snapshots of droplet {DropletId}")]
        public static partial void SnapshotMissing(ILogger logger, string @namespace, string policy, string backup, string snapshotId, long dropletId);
    }
}
