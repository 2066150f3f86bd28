using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using KubernetesConditions = Backups.Operator.Kubernetes.Status.Conditions;

namespace Backups.Operator.Controllers.Backups;

public sealed partial class BackupReconciler
{
    /// <summary>
    /// The snapshot-cleanup finalizer: phase Deleting; wait while a create is in flight or a restore reads the backup; then
    /// delete the snapshot (by id, or by name when only the name is known; 404 is done; resource_id checked first) unless
    /// Retain or the skip annotation; remove the finalizer on every terminal path; failures → DeletionFailed + backoff.
    /// </summary>
    private async Task<ReconcileResult> DeleteAsync(Backup backup, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        if (!backup.HasFinalizer(ApiConstants.SnapshotCleanupFinalizer))
        {
            return ReconcileResult.Done;
        }

        var step = new BackupStep(backup, StatusMergePatch.Copy(backup.Status));
        if (step.Status.Phase != BackupPhase.Deleting)
        {
            step.Status.Phase = BackupPhase.Deleting;
            SetReady(step, false, BackupPhase.Deleting.ToString(), "The backup is being deleted.");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        }

        if (backup.Metadata.Annotations?.TryGetValue(ApiConstants.SkipSnapshotCleanupAnnotation, out var skip) == true
            && string.Equals(skip?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return await FinishAsync(step, policy, "skipped", $"Annotation {ApiConstants.SkipSnapshotCleanupAnnotation}=true: the snapshot {step.Status.SnapshotId ?? step.Status.SnapshotName ?? "(none)"} was not touched.", cancellationToken).ConfigureAwait(false);
        }

        var restore = DropletRestores.Using(RestoresInNamespace(step.Namespace), step.Backup);
        if (restore is not null)
        {
            var message = $"BackupRestore '{restore.Metadata.Name}' is using this backup; it is deleted when the restore ends.";
            SetReady(step, false, BackupEventReasons.WaitingForRestore, message);
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, TimeSpan.FromSeconds(30), "restore running");
        }

        var hasSnapshotTrace = step.Status.SnapshotId is not null || step.Status.SnapshotName is not null || step.Status.ActionId is not null;
        if (!hasSnapshotTrace)
        {
            return await FinishAsync(step, policy, "no snapshot", "The backup had no snapshot.", cancellationToken).ConfigureAwait(false);
        }

        // The spec wins: it may have been changed after the status was last written.
        var deletionPolicy = step.Backup.Spec.DeletionPolicy ?? step.Status.DeletionPolicy ?? DeletionPolicy.Delete;
        if (deletionPolicy == DeletionPolicy.Retain)
        {
            return await FinishAsync(step, policy, "retained",
                $"deletionPolicy Retain: snapshot {step.Status.SnapshotId ?? step.Status.SnapshotName} is kept in DigitalOcean (and keeps costing money).", cancellationToken).ConfigureAwait(false);
        }

        if (policy is null)
        {
            return await DeletionFailedAsync(step, Reasons.PolicyNotFound,
                $"BackupPolicy '{step.Backup.Spec.PolicyName}' is gone, so there is no token to delete snapshot {step.Status.SnapshotId ?? step.Status.SnapshotName}. Delete the snapshot in DigitalOcean, then set annotation {ApiConstants.SkipSnapshotCleanupAnnotation}=\"true\".",
                null, cancellationToken).ConfigureAwait(false);
        }

        var access = await _access.GetClientAsync(policy, RequestPriority.Normal, cancellationToken).ConfigureAwait(false);
        if (!access.IsOk)
        {
            return await DeletionFailedAsync(step, access.Reason, $"Cannot delete the snapshot: {access.Message}", access.RetryAfter, cancellationToken).ConfigureAwait(false);
        }

        var client = access.Client;
        var dropletId = step.Status.DropletId ?? policy.Spec.DropletId;

        var inFlight = await CreateInFlightAsync(step, client, dropletId, cancellationToken).ConfigureAwait(false);
        if (inFlight is { } wait)
        {
            return wait;
        }

        var targets = new List<Snapshot>();
        if (step.Status.SnapshotId is { } snapshotId)
        {
            var snapshot = await client.GetSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
            if (snapshot.IsOk)
            {
                targets.Add(snapshot.Value);
            }
            else if (snapshot.Kind != DoResultKind.NotFound)
            {
                return await DeletionFailedAsync(step, snapshot.Kind.ToString(), $"Reading snapshot {snapshotId} failed: {snapshot.Error}.", snapshot.RetryAfter, cancellationToken).ConfigureAwait(false);
            }
        }

        if (step.Status.SnapshotName is { } name)
        {
            var byName = await client.FindDropletSnapshotsByNameAsync(dropletId, name, cancellationToken).ConfigureAwait(false);
            if (byName.IsOk)
            {
                targets.AddRange(byName.Value.Where(s => targets.All(t => t.Id != s.Id)));
            }
            else if (byName.Kind != DoResultKind.NotFound)
            {
                return await DeletionFailedAsync(step, byName.Kind.ToString(), $"Looking for snapshot {name} failed: {byName.Error}.", byName.RetryAfter, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var target in targets)
        {
            var owner = target.ResourceId ?? dropletId;
            if (owner != dropletId)
            {
                return await DeletionFailedAsync(step, Reasons.NotOwner, SnapshotOwnership.Mismatch(target, dropletId), TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            }

            var deleted = await client.DeleteSnapshotAsync(target.Id, cancellationToken).ConfigureAwait(false);
            if (!deleted.IsOk)
            {
                return await DeletionFailedAsync(step, deleted.Kind.ToString(), $"Deleting snapshot {target.Id} failed: {deleted.Error}.", deleted.RetryAfter, cancellationToken).ConfigureAwait(false);
            }
        }

        var what = targets.Count == 0
            ? $"Snapshot {step.Status.SnapshotId ?? step.Status.SnapshotName} was already gone."
            : $"Snapshot {string.Join(", ", targets.Select(static t => t.Id))} deleted.";
        return await FinishAsync(step, policy, "deleted", what, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A create that may still land a snapshot: wait for its action to end (recording a late action id), else null.</summary>
    private async Task<ReconcileResult?> CreateInFlightAsync(BackupStep step, IDigitalOceanClient client, long dropletId, CancellationToken cancellationToken)
    {
        if (step.Status.SnapshotId is not null)
        {
            return null;
        }

        DropletAction? action = null;
        if (step.Status.ActionId is { } actionId)
        {
            var polled = await client.GetActionAsync(actionId, cancellationToken).ConfigureAwait(false);
            if (polled.IsOk)
            {
                action = polled.Value;
            }
            else if (polled.Kind != DoResultKind.NotFound)
            {
                return RequeueAfter(step, polled.RetryAfter ?? TimeSpan.FromSeconds(30), $"deleting: poll {polled.Kind}");
            }
        }
        else if (step.Status.SnapshotName is not null && step.Status.StartedAt is { } started && Now - started < Options.CreationTimeout)
        {
            // No action id: no action is taken for ours (only the name is evidence), but while the droplet runs an action
            // that started after the intent, a snapshot of our name may still land: wait for it to end.
            var actions = await client.ListDropletActionsAsync(dropletId, cancellationToken).ConfigureAwait(false);
            if (!actions.IsOk)
            {
                return RequeueAfter(step, actions.RetryAfter ?? TimeSpan.FromSeconds(30), $"deleting: droplet actions {actions.Kind}");
            }

            action = RequestTrace.InProgressSince(actions.Value, started);
        }

        if (action is null || !action.IsInProgress)
        {
            return null;
        }

        SetReady(step, false, Reasons.InProgress, $"Waiting for snapshot action {action.Id} to finish before deleting its snapshot.");
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        return RequeueAfter(step, NextPoll(step, dropletId), "deleting: create in flight");
    }

    private async Task<ReconcileResult> DeletionFailedAsync(BackupStep step, string reason, string message, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var since = KubernetesConditions.FindStatusCondition(step.Status.Conditions, ConditionTypes.DeletionFailed) is { Status: ConditionStatus.True, LastTransitionTime: { } first }
            ? Now - first
            : TimeSpan.Zero;
        SetCondition(step, ConditionTypes.DeletionFailed, true, reason, message);
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        Log.DeletionFailed(_logger, step.Namespace, step.Name, message);
        _events.Record(step.Backup, EventType.Warning, BackupEventReasons.DeletionFailed, message);
        var delay = SnapshotTiming.DeletionRetry(since);
        return RequeueAfter(step, retryAfter is { } r && r > delay ? r : delay, "deletion failed");
    }

    /// <summary>Removes the finalizer, then counts the deletion and records the event.</summary>
    private async Task<ReconcileResult> FinishAsync(BackupStep step, BackupPolicy? policy, string outcome, string message, CancellationToken cancellationToken)
    {
        var cause = Cause(step.Backup, policy);
        if (outcome is "retained" or "skipped")
        {
            await RecordRetainedAsync(step, policy, cancellationToken).ConfigureAwait(false);
        }

        await _backups.RemoveFinalizerAsync(step.Backup, ApiConstants.SnapshotCleanupFinalizer, cancellationToken).ConfigureAwait(false);
        _memory.Forget(step.Uid);
        _metrics.BackupDeleted(cause);
        Log.FinalizerRemoved(_logger, step.Namespace, step.Name, outcome, cause.ToLabel());
        _events.Record(step.Backup, EventType.Normal,
            outcome == "retained" ? BackupEventReasons.SnapshotRetained : BackupEventReasons.SnapshotDeleted, message);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// A snapshot kept on purpose outlives its Backup: recorded on the policy (annotation
    /// <see cref="ApiConstants.RetainedSnapshotAnnotationPrefix"/><c>&lt;backup uid&gt;</c>) before the finalizer goes, so the
    /// orphan sweep never deletes it (docs/design.md, "Orphan sweep"). Nothing to record when the policy is gone or going.
    /// </summary>
    private async Task RecordRetainedAsync(BackupStep step, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        var snapshot = step.Status.SnapshotId ?? step.Status.SnapshotName;
        if (snapshot is null || policy is null || policy.Metadata.DeletionTimestamp is not null || string.IsNullOrEmpty(step.Uid))
        {
            return;
        }

        var key = ApiConstants.RetainedSnapshotAnnotationPrefix + step.Uid;
        if (policy.Metadata.Annotations?.TryGetValue(key, out var existing) == true && string.Equals(existing, snapshot, StringComparison.Ordinal))
        {
            return;
        }

        var patch = new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["annotations"] = new Dictionary<string, string> { [key] = snapshot } },
        };
        await _policies.PatchAsync(policy.Metadata.NamespaceProperty, policy.Metadata.Name, patch, cancellationToken).ConfigureAwait(false);
    }

    private static DeletionCause Cause(Backup backup, BackupPolicy? policy)
    {
        if (backup.Metadata.Annotations?.TryGetValue(ApiConstants.DeletionReasonAnnotation, out var reason) == true && !string.IsNullOrWhiteSpace(reason))
        {
            return DeletionCauseExtensions.ParseCause(reason.Trim());
        }

        return policy is null || policy.Metadata.DeletionTimestamp is not null ? DeletionCause.Deployment : DeletionCause.User;
    }
}
