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
    /// <summary>Available or Restoring: the phase follows running restores; the snapshot is checked to still exist every SnapshotCheckInterval.</summary>
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

        var interval = Options.SnapshotCheckInterval;
        if (Now - _memory.LastVerified(step.Uid) >= interval && policy is not null && step.Status.SnapshotId is { } snapshotId)
        {
            // A periodic check: it yields the token's budget to due backups and restores (docs/digitalocean-api.md).
            var access = await _access.GetClientAsync(policy, RequestPriority.Background, cancellationToken).ConfigureAwait(false);
            if (access.IsOk)
            {
                var snapshot = await access.Client.GetSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
                if (snapshot.IsOk)
                {
                    _memory.Verified(step.Uid, Now);
                }
                else if (snapshot.Kind == DoResultKind.NotFound)
                {
                    _memory.Forget(step.Uid);
                    step.Status.Phase = BackupPhase.Error;
                    SetReady(step, false, Reasons.SnapshotMissing,
                        $"Snapshot {step.Status.SnapshotName} ({snapshotId}) no longer exists at DigitalOcean: it was deleted outside the operator. This backup cannot be restored; delete it and create a new one.");
                    await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                    return ReconcileResult.Done;
                }
                else if (snapshot.Kind == DoResultKind.RateLimited && snapshot.RetryAfter is { } deferred)
                {
                    // No slot for a background check now: come back at the slot's time, never sooner than due work.
                    return RequeueAfter(step, deferred, "snapshot check deferred by the token's budget");
                }
            }
        }

        return AvailableRequeue(step);
    }

    /// <summary>Next look at an Available backup: its next snapshot check, or its expiry if sooner.</summary>
    private ReconcileResult AvailableRequeue(BackupStep step)
    {
        var now = Now;
        var next = _memory.LastVerified(step.Uid) + Options.SnapshotCheckInterval;
        if (step.Status.ExpiresAt is { } expires && expires > now && expires < next)
        {
            next = expires;
        }

        return RequeueAfter(step, next - now, "snapshot check or expiry");
    }

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
