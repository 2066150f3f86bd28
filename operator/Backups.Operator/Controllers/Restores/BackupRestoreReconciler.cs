using System.Globalization;
using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.Controllers.Restores;

/// <summary>
/// Reconciles a BackupRestore: <c>Pending</c> (validated, waiting for the droplet to be free) → <c>BackingUp</c> (the
/// safety Backup, when <c>preRestoreBackup</c>) → <c>Restoring</c> (DigitalOcean <c>rebuild</c> from the backup's snapshot)
/// → <c>Succeeded</c> | <c>Failed</c>. A finished restore is never re-run. The rebuild intent (phase Restoring) is
/// persisted before the POST and the action id right after it; after an ambiguous POST (or a crash) the droplet's
/// recent actions are searched for a rebuild started since the restore began before anything is POSTed again.
/// </summary>
/// <remarks>
/// Finalizer <c>backup.platform.dev/restore-in-progress</c>: a restore that is deleted while DigitalOcean rebuilds the
/// droplet stays (still running, still holding its droplet and its source Backup) until the rebuild is over; one that
/// never started the rebuild (Pending, or BackingUp) is released at once and goes no further. Finished restores release
/// it when they finish. One restore per droplet at a time, oldest first (<see cref="DropletRestores"/>); what a waiting
/// restore waits for is watched (its Backup, its safety Backup, other restores and backups of the droplet), not polled.
/// See docs/design.md, "Restores".
/// </remarks>
public sealed partial class BackupRestoreReconciler : IReconciler<BackupRestore>
{
    /// <summary>
    /// A restore waiting for other objects is woken by their changes (see <see cref="Configure"/>); this is only a resync
    /// in case an event was missed.
    /// </summary>
    public static readonly TimeSpan WaitResync = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait after DigitalOcean said the droplet is busy, or a call failed transiently.</summary>
    public static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(30);

    /// <summary>How soon to look for the action of a rebuild POST whose outcome is unknown.</summary>
    public static readonly TimeSpan AmbiguousRetry = TimeSpan.FromSeconds(10);

    /// <summary>A rebuild action that started up to this long before the restore began still counts as ours (clock skew).</summary>
    public static readonly TimeSpan AdoptionTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Reason while waiting for the Backup to become Available.</summary>
    public const string WaitingForBackupReason = "WaitingForBackup";

    /// <summary>Reason while another restore or a backup being created holds the droplet.</summary>
    public const string WaitingForDropletReason = "WaitingForDroplet";

    /// <summary>Reason while the policy's token cannot be resolved (the Secret may appear).</summary>
    public const string WaitingForCredentialsReason = "WaitingForCredentials";

    /// <summary>Reason while DigitalOcean is rate limiting or failing transiently.</summary>
    public const string WaitingForDigitalOceanReason = "WaitingForDigitalOcean";

    public const string BackupNotFoundReason = "BackupNotFound";
    public const string BackupNotAvailableReason = "BackupNotAvailable";
    public const string ConfirmationMismatchReason = "ConfirmationMismatch";
    public const string SafetyBackupFailedReason = "SafetyBackupFailed";
    public const string RebuildRejectedReason = "RebuildRejected";
    public const string BackingUpReason = "BackingUp";
    public const string RebuildingReason = "Rebuilding";
    public const string SucceededReason = "Succeeded";

    private const int RecentActionsToSearch = 50;
    private const string RebuildActionType = "rebuild";

    private readonly IResourceClient<BackupRestore> _restores;
    private readonly IResourceClient<Backup> _backups;
    private readonly IResourceClient<BackupPolicy> _policies;
    private readonly IInformerFactory _informers;
    private readonly ICredentialResolver _credentials;
    private readonly IDigitalOceanClientFactory _digitalOcean;
    private readonly IEventRecorder _events;
    private readonly BackupMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly PhaseStatusWriter<RestorePhase> _status;
    private readonly ILogger _logger;

    public BackupRestoreReconciler(
        IResourceClient<BackupRestore> restores,
        IResourceClient<Backup> backups,
        IResourceClient<BackupPolicy> policies,
        IInformerFactory informers,
        ICredentialResolver credentials,
        IDigitalOceanClientFactory digitalOcean,
        IEventRecorder events,
        BackupMetrics metrics,
        TimeProvider timeProvider,
        ILogger<BackupRestoreReconciler> logger)
    {
        _restores = restores;
        _backups = backups;
        _policies = policies;
        _informers = informers;
        _credentials = credentials;
        _digitalOcean = digitalOcean;
        _events = events;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _status = new PhaseStatusWriter<RestorePhase>(events, timeProvider, new(RestorePhase.Succeeded, "RestoreSucceeded", RestorePhase.Failed, "RestoreFailed"));
        _logger = logger;
    }

    /// <summary>
    /// The watches of the BackupRestore controller: a Backup change wakes the restores that name it
    /// (<c>spec.backupName</c>), the restore it is the safety backup of (by full name), and every unfinished restore queued
    /// on its droplet; a restore's change wakes the other restores queued on its droplet (one ending lets the next start).
    /// </summary>
    public static void Configure(ControllerOptions<BackupRestore> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Watches<Backup>(BackupToRestores);
        options.Watches<BackupRestore>(RestoreToQueuedRestores);
        options.Reads<BackupPolicy>();
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest<BackupRestore> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Object is null)
        {
            return ReconcileResult.Done;
        }

        var restore = request.Object.DeepClone();
        if (restore.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(restore, cancellationToken).ConfigureAwait(false);
        }

        if (DropletRestores.IsFinished(restore))
        {
            await _restores.RemoveFinalizerAsync(restore, ApiConstants.RestoreInProgressFinalizer, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (!restore.HasFinalizer(ApiConstants.RestoreInProgressFinalizer))
        {
            // The finalizer's own change event brings the restore back at once (controller-runtime's pattern): nothing is
            // done before deleting the restore would wait for it.
            await _restores.AddFinalizerAsync(restore, ApiConstants.RestoreInProgressFinalizer, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        return restore.Status?.Phase switch
        {
            RestorePhase.BackingUp => await BackingUpAsync(restore, cancellationToken).ConfigureAwait(false),
            RestorePhase.Restoring => await RestoringAsync(restore, stopping: false, cancellationToken).ConfigureAwait(false),
            _ => await PendingAsync(restore, cancellationToken).ConfigureAwait(false),
        };
    }

    private static IEnumerable<ObjectKey> BackupToRestores(Backup backup, IInformerFactory informers)
    {
        var ns = backup.Metadata.NamespaceProperty;
        var restores = informers.GetInformer<BackupRestore>().Store.List();
        var keys = restores
            .Where(r => string.Equals(r.Metadata.NamespaceProperty, ns, StringComparison.Ordinal)
                        && (string.Equals(r.Spec?.BackupName, backup.Metadata.Name, StringComparison.Ordinal) || DropletRestores.IsSafetyBackupOf(backup, r)))
            .Select(Key)
            .ToList();
        var dropletId = backup.Status?.DropletId
                        ?? (backup.Spec?.PolicyName is { Length: > 0 } policyName ? informers.GetInformer<BackupPolicy>().Store.Get(ns, policyName)?.Spec?.DropletId : null);
        if (dropletId is { } id)
        {
            keys.AddRange(DropletRestores.QueuedOn(restores, id).Select(Key));
        }

        return keys.Distinct();
    }

    private static IEnumerable<ObjectKey> RestoreToQueuedRestores(BackupRestore restore, IInformerFactory informers) =>
        DropletRestores.QueuedOn(informers.GetInformer<BackupRestore>().Store.List(), DropletRestores.TargetOf(restore))
            .Where(r => !(string.Equals(r.Metadata.NamespaceProperty, restore.Metadata.NamespaceProperty, StringComparison.Ordinal)
                          && string.Equals(r.Metadata.Name, restore.Metadata.Name, StringComparison.Ordinal)))
            .Select(Key);

    private static ObjectKey Key(BackupRestore restore) => new(restore.Metadata.NamespaceProperty, restore.Metadata.Name);

    // ------------------------------------------------------------------ deletion: hold while the rebuild runs

    /// <summary>
    /// The restore is being deleted. While DigitalOcean rebuilds the droplet (Restoring) the rebuild is followed to its end
    /// (never started anew) and the finalizer goes when it is over; a restore that never started the rebuild is released now.
    /// </summary>
    private async Task<ReconcileResult> FinalizeAsync(BackupRestore restore, CancellationToken cancellationToken)
    {
        if (!restore.HasFinalizer(ApiConstants.RestoreInProgressFinalizer))
        {
            return ReconcileResult.Done;
        }

        if (restore.Status?.Phase == RestorePhase.Restoring)
        {
            return await RestoringAsync(restore, stopping: true, cancellationToken).ConfigureAwait(false);
        }

        Log.ReleasedBeforeRebuild(_logger, restore.Metadata.NamespaceProperty, restore.Metadata.Name, restore.Status?.Phase?.ToString() ?? "new");
        await _restores.RemoveFinalizerAsync(restore, ApiConstants.RestoreInProgressFinalizer, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    // ------------------------------------------------------------------ Pending: validate, wait for the droplet, start

    private async Task<ReconcileResult> PendingAsync(BackupRestore restore, CancellationToken cancellationToken)
    {
        var ns = restore.Metadata.NamespaceProperty;
        var backupName = restore.Spec.BackupName;
        var backup = await FindAsync(_backups, ns, backupName, cancellationToken).ConfigureAwait(false);
        if (backup is null)
        {
            return await FailAsync(restore, BackupNotFoundReason,
                $"Backup '{backupName}' does not exist in namespace '{ns}'. Check spec.backupName (kubectl -n {ns} get backups) and create a new BackupRestore. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        if (backup.Metadata.DeletionTimestamp is not null || backup.Status?.Phase == BackupPhase.Deleting)
        {
            return await FailAsync(restore, BackupNotAvailableReason,
                $"Backup '{backupName}' is being deleted and cannot be restored. Choose another backup (kubectl -n {ns} get backups) and create a new BackupRestore. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        var policy = await FindAsync(_policies, ns, backup.Spec.PolicyName, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return await FailAsync(restore, Reasons.PolicyNotFound,
                $"BackupPolicy '{backup.Spec.PolicyName}' of Backup '{backupName}' does not exist in namespace '{ns}': without it the droplet and its token are unknown. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        restore = await EnsurePolicyLabelAsync(restore, policy.Metadata.Name, cancellationToken).ConfigureAwait(false);
        var dropletId = backup.Status?.DropletId ?? policy.Spec.DropletId;
        if (restore.Spec.ConfirmDropletId != dropletId)
        {
            return await FailAsync(restore, ConfirmationMismatchReason,
                $"spec.confirmDropletId is {restore.Spec.ConfirmDropletId.ToString(CultureInfo.InvariantCulture)} but Backup '{backupName}' is a snapshot of droplet {dropletId.ToString(CultureInfo.InvariantCulture)}: a backup can only be restored onto its own droplet. To replace the data on droplet {dropletId.ToString(CultureInfo.InvariantCulture)}, create a new BackupRestore with confirmDropletId: {dropletId.ToString(CultureInfo.InvariantCulture)}. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        switch (backup.Status?.Phase)
        {
            case null or BackupPhase.Creating:
                return await WaitAsync(restore, dropletId, WaitingForBackupReason,
                    $"Backup '{backupName}' is still being created; the restore starts when it is Available.", WaitResync, cancellationToken).ConfigureAwait(false);
            case BackupPhase.Error:
                return await FailAsync(restore, BackupNotAvailableReason,
                    $"Backup '{backupName}' is in phase Error ({backup.Status.Reason}: {backup.Status.Message}) and has no snapshot to restore. Choose another backup and create a new BackupRestore. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false);
        }

        if (backup.Status?.SnapshotId is not { Length: > 0 } snapshotId)
        {
            return await FailAsync(restore, Reasons.SnapshotMissing,
                $"Backup '{backupName}' records no snapshot id, so there is nothing to restore. Choose another backup and create a new BackupRestore. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        var safetyName = BackupNames.SafetyBackup(restore.Metadata.Name);
        if (DropletRestores.Ahead(_informers.GetInformer<BackupRestore>().Store.List(), restore, dropletId) is { } ahead)
        {
            return await WaitAsync(restore, dropletId, WaitingForDropletReason,
                $"BackupRestore '{ahead.Metadata.NamespaceProperty}/{ahead.Metadata.Name}' goes first on droplet {dropletId.ToString(CultureInfo.InvariantCulture)} (phase {ahead.Status?.Phase?.ToString() ?? "Pending"}; one restore per droplet, oldest first); this restore starts when it ends.",
                WaitResync, cancellationToken).ConfigureAwait(false);
        }

        if (DropletBackups.InFlight(BackupIndexes.OfDroplet(_informers, dropletId).Concat(BackupIndexes.OfPolicy(_informers, ns, policy.Metadata.Name)), dropletId, ns, policy.Metadata.Name, safetyName, queuedSince: restore.Metadata.CreationTimestamp) is { } inFlight)
        {
            return await WaitAsync(restore, dropletId, WaitingForDropletReason,
                $"Backup '{inFlight.Metadata.NamespaceProperty}/{inFlight.Metadata.Name}' is being created on droplet {dropletId.ToString(CultureInfo.InvariantCulture)}; the restore starts when it is done.",
                WaitResync, cancellationToken).ConfigureAwait(false);
        }

        var client = await ClientAsync(restore, policy, dropletId, cancellationToken).ConfigureAwait(false);
        if (client.Result is { } unresolved)
        {
            return unresolved;
        }

        var snapshot = await client.Client!.GetSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (!snapshot.IsOk)
        {
            return snapshot.Kind switch
            {
                DoResultKind.NotFound => await FailAsync(restore, Reasons.SnapshotMissing,
                    $"Snapshot {snapshotId} of Backup '{backupName}' no longer exists in DigitalOcean. Choose another backup and create a new BackupRestore. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false),
                DoResultKind.Unauthorized => await FailAsync(restore, Reasons.Unauthorized,
                    $"DigitalOcean refused the policy's token while reading snapshot {snapshotId} ({snapshot.Error.Message}). Fix the token (policy '{policy.Metadata.Name}'), then create a new BackupRestore. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false),
                DoResultKind.InvalidRequest => await FailAsync(restore, Reasons.SnapshotMissing,
                    $"DigitalOcean could not read snapshot {snapshotId} of Backup '{backupName}': {snapshot.Error.Message}. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false),
                _ => await WaitAsync(restore, dropletId, WaitingForDigitalOceanReason,
                    $"Could not read snapshot {snapshotId} from DigitalOcean yet ({snapshot.Kind}: {snapshot.Error.Message}); retrying.",
                    snapshot.RetryAfter ?? BusyRetry, cancellationToken).ConfigureAwait(false),
            };
        }

        if (snapshot.Value.ResourceId != dropletId)
        {
            return await FailAsync(restore, Reasons.NotOwner,
                $"Snapshot {snapshotId} of Backup '{backupName}' was taken of droplet {snapshot.Value.ResourceId?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, not of droplet {dropletId.ToString(CultureInfo.InvariantCulture)}: a backup can only be restored onto the droplet it was taken of. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        if (snapshot.Value.ImageId is null)
        {
            return await FailAsync(restore, Reasons.SnapshotMissing,
                $"Snapshot {snapshotId} of Backup '{backupName}' has no numeric image id, so a droplet cannot be rebuilt from it. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        var now = Now();
        if (restore.Spec.PreRestoreBackup != false)
        {
            return await StartSafetyBackupAsync(restore, policy, dropletId, snapshotId, now, cancellationToken).ConfigureAwait(false);
        }

        restore = await SetStatusAsync(restore, RestorePhase.Restoring, RebuildingReason,
            $"Rebuilding droplet {dropletId.ToString(CultureInfo.InvariantCulture)} from snapshot {snapshotId} (Backup '{backupName}'), without a safety backup (preRestoreBackup: false). The server is unavailable meanwhile.",
            status => Start(status, dropletId, snapshotId, safetyBackupName: null, now),
            cancellationToken).ConfigureAwait(false);
        return await RebuildAsync(restore, client.Client, backup, mayHavePosted: false, stopping: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> StartSafetyBackupAsync(
        BackupRestore restore, BackupPolicy policy, long dropletId, string snapshotId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ns = restore.Metadata.NamespaceProperty;
        var safety = SafetyBackupFactory.Create(restore, policy);
        var safetyName = safety.Metadata.Name;
        var created = await _backups.TryCreateAsync(safety, cancellationToken).ConfigureAwait(false);
        if (created.AlreadyExists)
        {
            var existing = await _backups.GetAsync(ns, safetyName, cancellationToken).ConfigureAwait(false);
            if (existing is not null && !SafetyBackupFactory.IsMadeFor(existing, restore))
            {
                return await FailAsync(restore, SafetyBackupFailedReason,
                    $"A Backup named '{safetyName}' already exists and was not made by this restore, so no safety backup can be taken under that name. Delete or rename it, or set preRestoreBackup: false, then create a new BackupRestore. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            Log.SafetyBackupCreated(_logger, ns, restore.Metadata.Name, safetyName);
        }

        await SetStatusAsync(restore, RestorePhase.BackingUp, BackingUpReason,
            $"Taking the safety Backup '{safetyName}' of droplet {dropletId.ToString(CultureInfo.InvariantCulture)} first; then the droplet is rebuilt from Backup '{restore.Spec.BackupName}'. Restore '{safetyName}' to undo this restore.",
            status => Start(status, dropletId, snapshotId, safetyName, now),
            cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(WaitResync);
    }

    /// <summary>The fields of a restore that starts: exactly these, nothing left from an earlier attempt.</summary>
    private static void Start(BackupRestoreStatus status, long dropletId, string snapshotId, string? safetyBackupName, DateTimeOffset now)
    {
        status.DropletId = dropletId;
        status.SnapshotId = snapshotId;
        status.SafetyBackupName = safetyBackupName;
        status.StartedAt = now;
        status.ActionId = null;
        status.CompletedAt = null;
    }

    // ------------------------------------------------------------------ BackingUp: wait for the safety backup

    private async Task<ReconcileResult> BackingUpAsync(BackupRestore restore, CancellationToken cancellationToken)
    {
        var ns = restore.Metadata.NamespaceProperty;
        var status = restore.Status!;
        var dropletId = status.DropletId ?? restore.Spec.ConfirmDropletId;
        var safetyName = status.SafetyBackupName ?? BackupNames.SafetyBackup(restore.Metadata.Name);
        var safety = await FindAsync(_backups, ns, safetyName, cancellationToken).ConfigureAwait(false);
        if (safety is null || safety.Metadata.DeletionTimestamp is not null)
        {
            return await FailAsync(restore, SafetyBackupFailedReason,
                $"The safety Backup '{safetyName}' was deleted before it was Available; droplet {dropletId.ToString(CultureInfo.InvariantCulture)} was not touched. Create a new BackupRestore to try again.",
                cancellationToken).ConfigureAwait(false);
        }

        switch (safety.Status?.Phase)
        {
            case null or BackupPhase.Creating:
                return ReconcileResult.After(WaitResync);
            case BackupPhase.Error or BackupPhase.Deleting:
                return await FailAsync(restore, SafetyBackupFailedReason,
                    $"The safety Backup '{safetyName}' failed ({safety.Status?.Reason}: {safety.Status?.Message}); droplet {dropletId.ToString(CultureInfo.InvariantCulture)} was not touched. Fix the cause or set preRestoreBackup: false, then create a new BackupRestore.",
                    cancellationToken).ConfigureAwait(false);
        }

        var backup = await FindAsync(_backups, ns, restore.Spec.BackupName, cancellationToken).ConfigureAwait(false);
        var policy = backup is null ? null : await FindAsync(_policies, ns, backup.Spec.PolicyName, cancellationToken).ConfigureAwait(false);
        if (backup is null || policy is null)
        {
            return await FailAsync(restore, BackupNotAvailableReason,
                $"Backup '{restore.Spec.BackupName}' (or its policy) disappeared while the safety backup was taken; droplet {dropletId.ToString(CultureInfo.InvariantCulture)} was not touched.",
                cancellationToken).ConfigureAwait(false);
        }

        if (DropletBackups.InFlight(BackupIndexes.OfDroplet(_informers, dropletId).Concat(BackupIndexes.OfPolicy(_informers, ns, policy.Metadata.Name)), dropletId, ns, policy.Metadata.Name, safetyName, startedOnly: true) is { } inFlight)
        {
            await SetStatusAsync(restore, RestorePhase.BackingUp, WaitingForDropletReason,
                $"The safety Backup '{safetyName}' is Available; Backup '{inFlight.Metadata.Name}' is being created on droplet {dropletId.ToString(CultureInfo.InvariantCulture)}, the rebuild starts when it is done.",
                null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(WaitResync);
        }

        var client = await ClientAsync(restore, policy, dropletId, cancellationToken).ConfigureAwait(false);
        if (client.Result is { } unresolved)
        {
            return unresolved;
        }

        restore = await SetStatusAsync(restore, RestorePhase.Restoring, RebuildingReason,
            $"The safety Backup '{safetyName}' is Available. Rebuilding droplet {dropletId.ToString(CultureInfo.InvariantCulture)} from snapshot {status.SnapshotId} (Backup '{restore.Spec.BackupName}'); the server is unavailable meanwhile.",
            s => s.ActionId = null,
            cancellationToken).ConfigureAwait(false);
        return await RebuildAsync(restore, client.Client!, backup, mayHavePosted: false, stopping: false, cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ Restoring: POST once, then poll

    /// <summary>Follows the rebuild; <paramref name="stopping"/> (the restore is being deleted): never POST a new one.</summary>
    private async Task<ReconcileResult> RestoringAsync(BackupRestore restore, bool stopping, CancellationToken cancellationToken)
    {
        var ns = restore.Metadata.NamespaceProperty;
        var dropletId = restore.Status!.DropletId ?? restore.Spec.ConfirmDropletId;
        var backup = await FindAsync(_backups, ns, restore.Spec.BackupName, cancellationToken).ConfigureAwait(false);
        var policy = backup is null ? null : await FindAsync(_policies, ns, backup.Spec.PolicyName, cancellationToken).ConfigureAwait(false);
        policy ??= _informers.GetInformer<BackupPolicy>().Store.List(ns)
            .Where(p => p.Spec.DropletId == dropletId)
            .OrderBy(p => p.Metadata.CreationTimestamp)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (policy is null)
        {
            await SetStatusAsync(restore, RestorePhase.Restoring, WaitingForCredentialsReason,
                $"The policy of Backup '{restore.Spec.BackupName}' cannot be found, so the rebuild of droplet {dropletId.ToString(CultureInfo.InvariantCulture)} cannot be followed; retrying.",
                null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(BusyRetry);
        }

        var client = await ClientAsync(restore, policy, dropletId, cancellationToken).ConfigureAwait(false);
        if (client.Result is { } unresolved)
        {
            return unresolved;
        }

        // A copy without the action id is never one older than our own write of it: the runtime holds such a reconcile
        // back until the cache shows that write (docs/kubernetes-runtime.md, "Own writes and the cache"). So no action id
        // here means none was written, and looking for a rebuild already started is right (docs/design.md, "Restores").
        return restore.Status!.ActionId is { } actionId
            ? await PollAsync(restore, client.Client!, dropletId, actionId, backup, cancellationToken).ConfigureAwait(false)
            : await RebuildAsync(restore, client.Client!, backup, mayHavePosted: true, stopping, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> RebuildAsync(
        BackupRestore restore, IDigitalOceanClient client, Backup? backup, bool mayHavePosted, bool stopping, CancellationToken cancellationToken)
    {
        var status = restore.Status!;
        var dropletId = status.DropletId ?? restore.Spec.ConfirmDropletId;
        var snapshotId = status.SnapshotId ?? string.Empty;
        var ns = restore.Metadata.NamespaceProperty;

        if (mayHavePosted)
        {
            // The intent was persisted by an earlier reconcile: a rebuild may already run. Look before POSTing again.
            var recent = await client.ListRecentDropletActionsAsync(dropletId, RecentActionsToSearch, cancellationToken).ConfigureAwait(false);
            if (!recent.IsOk)
            {
                return await RetryLaterAsync(restore, recent.Kind, recent.Error, recent.RetryAfter, "looking for a rebuild already started", cancellationToken).ConfigureAwait(false);
            }

            var since = (status.StartedAt ?? Now()) - AdoptionTolerance;
            var ours = recent.Value.FirstOrDefault(a => string.Equals(a.Type, RebuildActionType, StringComparison.OrdinalIgnoreCase) && a.StartedAt >= since);
            if (ours is not null)
            {
                Log.RebuildAdopted(_logger, ns, restore.Metadata.Name, ours.Id);
                restore = await SetStatusAsync(restore, RestorePhase.Restoring, RebuildingReason, RebuildingMessage(restore, dropletId, snapshotId, ours.Id),
                    s => s.ActionId = ours.Id, cancellationToken).ConfigureAwait(false);
                return await OnActionAsync(restore, ours, backup, cancellationToken).ConfigureAwait(false);
            }
        }

        if (stopping)
        {
            // Deleted before DigitalOcean shows a rebuild of this restore: it never started, and must not start now.
            Log.ReleasedBeforeRebuild(_logger, ns, restore.Metadata.Name, RestorePhase.Restoring.ToString());
            await _restores.RemoveFinalizerAsync(restore, ApiConstants.RestoreInProgressFinalizer, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (!long.TryParse(snapshotId, NumberStyles.None, CultureInfo.InvariantCulture, out var imageId))
        {
            return await FailAsync(restore, Reasons.SnapshotMissing,
                $"Snapshot id '{snapshotId}' is not a droplet snapshot image id, so droplet {dropletId.ToString(CultureInfo.InvariantCulture)} cannot be rebuilt from it. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
        }

        var posted = await client.RebuildDropletAsync(dropletId, imageId, cancellationToken).ConfigureAwait(false);
        if (posted.IsOk)
        {
            var action = posted.Value;
            restore = await SetStatusAsync(restore, RestorePhase.Restoring, RebuildingReason, RebuildingMessage(restore, dropletId, snapshotId, action.Id),
                s => s.ActionId = action.Id, cancellationToken).ConfigureAwait(false);
            Log.RebuildStarted(_logger, ns, restore.Metadata.Name, dropletId, action.Id);
            _events.Record(restore, EventType.Normal, "RebuildStarted",
                $"Rebuilding droplet {dropletId.ToString(CultureInfo.InvariantCulture)} from snapshot {snapshotId} (DigitalOcean action {action.Id.ToString(CultureInfo.InvariantCulture)}).");
            return await OnActionAsync(restore, action, backup, cancellationToken).ConfigureAwait(false);
        }

        switch (posted.Kind)
        {
            case DoResultKind.Ambiguous:
                Log.RebuildAmbiguous(_logger, ns, restore.Metadata.Name, dropletId);
                return ReconcileResult.After(AmbiguousRetry);
            case DoResultKind.NotFound:
                return await FailAsync(restore, Reasons.DropletNotFound,
                    $"Droplet {dropletId.ToString(CultureInfo.InvariantCulture)} does not exist (or the policy's token cannot see it): {posted.Error.Message}. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false);
            case DoResultKind.Unauthorized:
                return await FailAsync(restore, Reasons.Unauthorized,
                    $"DigitalOcean refused the policy's token for the rebuild ({posted.Error.Message}). Fix the token, then create a new BackupRestore. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false);
            case DoResultKind.InvalidRequest:
                return await FailAsync(restore, RebuildRejectedReason,
                    $"DigitalOcean refused to rebuild droplet {dropletId.ToString(CultureInfo.InvariantCulture)} from snapshot {snapshotId}: {posted.Error.Message}. Nothing was changed.",
                    cancellationToken).ConfigureAwait(false);
            default:
                return await RetryLaterAsync(restore, posted.Kind, posted.Error, posted.RetryAfter, "starting the rebuild", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReconcileResult> PollAsync(BackupRestore restore, IDigitalOceanClient client, long dropletId, long actionId, Backup? backup, CancellationToken cancellationToken)
    {
        var action = await client.GetDropletActionAsync(dropletId, actionId, cancellationToken).ConfigureAwait(false);
        return action.IsOk
            ? await OnActionAsync(restore, action.Value, backup, cancellationToken).ConfigureAwait(false)
            : await RetryLaterAsync(restore, action.Kind, action.Error, action.RetryAfter, $"reading rebuild action {actionId.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> OnActionAsync(BackupRestore restore, DropletAction action, Backup? backup, CancellationToken cancellationToken)
    {
        var status = restore.Status!;
        var dropletId = status.DropletId ?? restore.Spec.ConfirmDropletId;
        var now = Now();
        if (action.IsCompleted)
        {
            var duration = status.StartedAt is { } started ? now - started : (TimeSpan?)null;
            await FinishAsync(restore, RestorePhase.Succeeded, SucceededReason,
                $"Droplet {dropletId.ToString(CultureInfo.InvariantCulture)} was rebuilt from snapshot {status.SnapshotId} (Backup '{restore.Spec.BackupName}') and runs on that backup's data."
                + (status.SafetyBackupName is { } safety ? $" To undo, restore the safety Backup '{safety}'." : string.Empty),
                now, cancellationToken).ConfigureAwait(false);
            _metrics.RestoreFinished(true, duration);
            Log.RestoreSucceeded(_logger, restore.Metadata.NamespaceProperty, restore.Metadata.Name, dropletId);
            return ReconcileResult.Done;
        }

        if (action.IsErrored)
        {
            return await FailAsync(restore, Reasons.ActionErrored,
                $"DigitalOcean reported the rebuild (action {action.Id.ToString(CultureInfo.InvariantCulture)}) of droplet {dropletId.ToString(CultureInfo.InvariantCulture)} as 'errored'; DigitalOcean gives no further detail for actions. Check the droplet in the DigitalOcean control panel"
                + (status.SafetyBackupName is { } safety ? $"; the safety Backup '{safety}' holds the data from before this restore." : "."),
                cancellationToken).ConfigureAwait(false);
        }

        var elapsed = now - (action.StartedAt ?? status.StartedAt ?? now);
        return ReconcileResult.After(RebuildPollSchedule.NextPoll(RebuildPollSchedule.ExpectedDuration(backup?.Status), elapsed));
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Now, in whole seconds: status timestamps are written the way Kubernetes writes metav1.Time.</summary>
    private DateTimeOffset Now() => StatusTime.WholeSeconds(_timeProvider.GetUtcNow());

    private static string RebuildingMessage(BackupRestore restore, long dropletId, string snapshotId, long actionId) =>
        $"Rebuilding droplet {dropletId.ToString(CultureInfo.InvariantCulture)} from snapshot {snapshotId} (Backup '{restore.Spec.BackupName}', DigitalOcean action {actionId.ToString(CultureInfo.InvariantCulture)}); the server is unavailable meanwhile.";

    private readonly record struct ClientResult(IDigitalOceanClient? Client, ReconcileResult? Result);

    /// <summary>The DigitalOcean client of the policy's token; a tenancy refusal fails the restore unless it already runs.</summary>
    private async Task<ClientResult> ClientAsync(BackupRestore restore, BackupPolicy policy, long dropletId, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.ResolveAsync(policy, cancellationToken).ConfigureAwait(false);
        if (credentials.IsResolved)
        {
            return new ClientResult(_digitalOcean.Create(credentials.Token), null);
        }

        var started = restore.Status?.Phase is RestorePhase.BackingUp or RestorePhase.Restoring;
        if (credentials.Reason == Reasons.NotOwner && !started)
        {
            return new ClientResult(null, await FailAsync(restore, Reasons.NotOwner, credentials.Message + " Nothing was changed.", cancellationToken).ConfigureAwait(false));
        }

        var phase = restore.Status?.Phase ?? RestorePhase.Pending;
        await SetStatusAsync(restore, phase, WaitingForCredentialsReason,
            $"{credentials.Message} The restore waits for usable credentials for droplet {dropletId.ToString(CultureInfo.InvariantCulture)}.",
            phase == RestorePhase.Pending ? s => s.DropletId = dropletId : null, cancellationToken).ConfigureAwait(false);
        return new ClientResult(null, ReconcileResult.After(BusyRetry));
    }

    private async Task<ReconcileResult> RetryLaterAsync(BackupRestore restore, DoResultKind kind, DoError? error, TimeSpan? retryAfter, string doing, CancellationToken cancellationToken)
    {
        var dropletId = restore.Status?.DropletId ?? restore.Spec.ConfirmDropletId;
        var (reason, message) = kind == DoResultKind.PendingEvent
            ? (Reasons.Queued, $"DigitalOcean is busy with another action on droplet {dropletId.ToString(CultureInfo.InvariantCulture)} (pending event); retrying {doing}.")
            : (WaitingForDigitalOceanReason, $"DigitalOcean did not answer while {doing} ({kind}: {error?.Message}); retrying.");
        await SetStatusAsync(restore, restore.Status?.Phase ?? RestorePhase.Pending, reason, message, null, cancellationToken).ConfigureAwait(false);
        Log.RetryingLater(_logger, restore.Metadata.NamespaceProperty, restore.Metadata.Name, kind.ToString());
        return ReconcileResult.After(retryAfter is { } after && after > TimeSpan.Zero ? after : BusyRetry);
    }

    private async Task<ReconcileResult> WaitAsync(BackupRestore restore, long dropletId, string reason, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        await SetStatusAsync(restore, RestorePhase.Pending, reason, message, s => s.DropletId = dropletId, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(delay);
    }

    private async Task<ReconcileResult> FailAsync(BackupRestore restore, string reason, string message, CancellationToken cancellationToken)
    {
        var now = Now();
        var started = restore.Status?.StartedAt;
        await FinishAsync(restore, RestorePhase.Failed, reason, message, now, cancellationToken).ConfigureAwait(false);
        _metrics.RestoreFinished(false, started is { } s ? now - s : null);
        Log.RestoreFailed(_logger, restore.Metadata.NamespaceProperty, restore.Metadata.Name, reason);
        return ReconcileResult.Done;
    }

    /// <summary>Writes the final status and releases the finalizer: a finished restore holds nothing.</summary>
    private async Task FinishAsync(BackupRestore restore, RestorePhase phase, string reason, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var updated = await SetStatusAsync(restore, phase, reason, message, s => s.CompletedAt = now, cancellationToken).ConfigureAwait(false);
        await _restores.RemoveFinalizerAsync(updated, ApiConstants.RestoreInProgressFinalizer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes phase, reason, message, the Ready condition and <paramref name="mutate"/>'s fields (only when anything
    /// changed); records an event when the phase changes.
    /// </summary>
    private Task<BackupRestore> SetStatusAsync(
        BackupRestore restore, RestorePhase phase, string reason, string message, Action<BackupRestoreStatus>? mutate, CancellationToken cancellationToken) =>
        _status.SetAsync(_restores, restore, phase, reason, message, mutate, cancellationToken);

    private async Task<BackupRestore> EnsurePolicyLabelAsync(BackupRestore restore, string policyName, CancellationToken cancellationToken)
    {
        var value = PolicyOwnership.LabelValue(policyName);
        if (restore.Metadata.Labels?.TryGetValue(ApiConstants.PolicyLabel, out var existing) == true && existing == value)
        {
            return restore;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = restore.Metadata.ResourceVersion,
                ["labels"] = new JsonObject { [ApiConstants.PolicyLabel] = value },
            },
        };
        return await _restores.PatchAsync(restore.Metadata.NamespaceProperty, restore.Metadata.Name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The object from the informer cache, or from the API when the cache does not have it (yet).</summary>
    private async Task<T?> FindAsync<T>(IResourceClient<T> client, string ns, string name, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return _informers.GetInformer<T>().Store.Get(ns, name)
               ?? await client.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Restore {Namespace}/{Restore} created its safety Backup {Backup}")]
        public static partial void SafetyBackupCreated(ILogger logger, string @namespace, string restore, string backup);

        [LoggerMessage(2, LogLevel.Information, "Restore {Namespace}/{Restore} started rebuilding droplet {DropletId} (action {ActionId})")]
        public static partial void RebuildStarted(ILogger logger, string @namespace, string restore, long dropletId, long actionId);

        [LoggerMessage(3, LogLevel.Warning, "Restore {Namespace}/{Restore}: the rebuild POST for droplet {DropletId} had an unknown outcome; looking for its action before any new POST")]
        public static partial void RebuildAmbiguous(ILogger logger, string @namespace, string restore, long dropletId);

        [LoggerMessage(4, LogLevel.Information, "Restore {Namespace}/{Restore} adopted the rebuild action {ActionId} found on the droplet")]
        public static partial void RebuildAdopted(ILogger logger, string @namespace, string restore, long actionId);

        [LoggerMessage(5, LogLevel.Information, "Restore {Namespace}/{Restore} succeeded on droplet {DropletId}")]
        public static partial void RestoreSucceeded(ILogger logger, string @namespace, string restore, long dropletId);

        [LoggerMessage(6, LogLevel.Warning, "Restore {Namespace}/{Restore} failed: {Reason}")]
        public static partial void RestoreFailed(ILogger logger, string @namespace, string restore, string reason);

        [LoggerMessage(7, LogLevel.Information, "Restore {Namespace}/{Restore} retries later ({Kind})")]
        public static partial void RetryingLater(ILogger logger, string @namespace, string restore, string kind);

        [LoggerMessage(8, LogLevel.Information, "Restore {Namespace}/{Restore} was deleted before its rebuild started (phase {Phase}); released")]
        public static partial void ReleasedBeforeRebuild(ILogger logger, string @namespace, string restore, string phase);
    }
}
