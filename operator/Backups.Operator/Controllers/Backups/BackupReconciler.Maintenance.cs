using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Backups;

public sealed partial class BackupReconciler
{
    /// <summary>Available or Restoring: the phase follows running restores; a snapshot its policy's check found missing turns it to Error.</summary>
    private async Task<ReconcileResult> MaintainAvailableAsync(BackupStep step, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        var restore = DropletRestores.Using(RestoresInNamespace(step.Namespace), step.Backup);
        var phase = restore is null ? BackupPhase.Available : BackupPhase.Restoring;
        if (phase != step.Status.Phase)
        {
            step.Status.Phase = phase;
            if (restore is not null)
            {
                SetReady(step, true, BackupPhase.Restoring.ToString(), $"BackupRestore '{restore.Metadata.Name}' is applying this backup to droplet {step.Status.DropletId}.");
            }
            else
            {
                SetReady(step, true, Reasons.Completed, $"Snapshot {step.Status.SnapshotName} ({step.Status.SnapshotId}) is available.");
            }

            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        }

        // The snapshot's existence is checked by the policy's periodic list of its droplet's snapshots (docs/design.md,
        // "Snapshot checks"): no request of its own here. A verdict is taken only for the snapshot this Backup records now.
        if (_verdicts.Take(step.Namespace, step.Backup.Spec?.PolicyName, step.Uid, step.Status.SnapshotId) is { } missing)
        {
            step.Status.Phase = BackupPhase.Error;
            SetReady(step, false, Reasons.SnapshotMissing,
                $"Snapshot {step.Status.SnapshotName} ({missing.SnapshotId}) no longer exists at DigitalOcean: it was deleted outside the operator. This backup cannot be restored; delete it and create a new one.");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        return AvailableRequeue(step);
    }

    /// <summary>
    /// Next look at an Available backup: its expiry, if any, at most a day ahead (a timer's limit; the look is cheap: no
    /// DigitalOcean request, its snapshot check comes from its policy's list).
    /// </summary>
    private ReconcileResult AvailableRequeue(BackupStep step)
    {
        var now = Now;
        return step.Status.ExpiresAt is { } expires && expires > now
            ? RequeueAfter(step, expires - now < MaxAvailableRequeue ? expires - now : MaxAvailableRequeue, "expiry")
            : ReconcileResult.Done;
    }

    private static readonly TimeSpan MaxAvailableRequeue = TimeSpan.FromDays(1);

    /// <summary>Error: recover a missing policy, or keep watching a timed-out snapshot to adopt it when it lands.</summary>
    private async Task<ReconcileResult> MaintainErrorAsync(BackupStep step, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        if (CanRetryAdmission(step, policy))
        {
            return await RetryAdmissionAsync(step, policy!, cancellationToken).ConfigureAwait(false);
        }

        if (step.Status.Reason != Reasons.Timeout || step.Status.SnapshotId is not null || step.Status.SnapshotName is null || policy is null)
        {
            return ReconcileResult.Done;
        }

        var elapsed = Now - (step.Status.StartedAt ?? step.CreatedAt);
        var access = await _access.GetClientAsync(policy, RequestPriority.Normal, cancellationToken).ConfigureAwait(false);
        if (!access.IsOk)
        {
            return RequeueAfter(step, access.RetryAfter ?? SnapshotTiming.LatePoll(elapsed), "late snapshot: no client");
        }

        var dropletId = step.Status.DropletId ?? policy.Spec.DropletId;
        var found = await access.Client.FindDropletSnapshotsByNameAsync(dropletId, step.Status.SnapshotName, cancellationToken).ConfigureAwait(false);
        if (found.IsOk && found.Value.Count > 0)
        {
            DateTimeOffset? completedAt = null;
            if (step.Status.ActionId is { } id && await access.Client.GetActionAsync(id, cancellationToken).ConfigureAwait(false) is { IsOk: true } action)
            {
                completedAt = action.Value.CompletedAt;
            }

            return await CompleteAsync(step, policy, found.Value[0], completedAt, cancellationToken).ConfigureAwait(false);
        }

        if (step.Status.ActionId is { } actionId)
        {
            var action = await access.Client.GetActionAsync(actionId, cancellationToken).ConfigureAwait(false);
            if (action.IsOk && action.Value.IsErrored)
            {
                // The late action failed: nothing will land; stop watching.
                SetReady(step, false, Reasons.Timeout, step.Status.Message + $" DigitalOcean later reported action {actionId} as errored: no snapshot was made.");
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.Done;
            }
        }
        else if (elapsed > Options.CreationTimeout + AdoptionGrace)
        {
            return ReconcileResult.Done;
        }

        return RequeueAfter(step, SnapshotTiming.LatePoll(elapsed), "watching for a late snapshot");
    }
}
