using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Retention;

namespace Backups.Operator.Controllers.Backups;

public sealed partial class BackupReconciler
{
    /// <summary>
    /// First reconcile of a Backup: waits for its policy, fixes status.deletionPolicy, dropletId and expiresAt, applies the
    /// plan check (Basic → PlanNotEligible) and, for manual backups, the 20-backup cap (→ LimitReached); then Creating.
    /// </summary>
    private async Task<ReconcileResult> AdmitAsync(BackupStep step, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        if (policy is null || policy.Metadata.DeletionTimestamp is not null)
        {
            var waited = Now - step.CreatedAt;
            var message = policy is null
                ? $"BackupPolicy '{step.Backup.Spec.PolicyName}' does not exist in namespace '{step.Namespace}': create it, or set spec.policyName to an existing policy."
                : $"BackupPolicy '{step.Backup.Spec.PolicyName}' is being deleted: no new backups are made for it.";
            if (policy is null && waited < PolicyWait)
            {
                SetReady(step, false, Reasons.PolicyNotFound, message);
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                return RequeueAfter(step, SnapshotTiming.QueueRetry(waited), "waiting for the policy");
            }

            return await FailAsync(step, Reasons.PolicyNotFound, message, cancellationToken).ConfigureAwait(false);
        }

        var resolution = PlanCatalog.Resolve(policy.Spec);
        step.Status.DropletId = policy.Spec.DropletId;
        if (!resolution.IsValid)
        {
            SetReady(step, false, Reasons.InvalidSpec, $"BackupPolicy '{policy.Metadata.Name}' is invalid ({resolution.Message}); the backup waits until it is fixed.");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, TimeSpan.FromMinutes(1), "waiting for a valid policy");
        }

        var effective = resolution.Policy;
        step.Status.DeletionPolicy = step.Backup.Spec.DeletionPolicy ?? effective.DeletionPolicy;
        step.Status.ExpiresAt ??= step.CreatedAt + effective.ExpireAfter;

        if (!effective.BackupsAllowed)
        {
            return await FailAsync(step, Reasons.PlanNotEligible, Reasons.PlanNotEligibleMessage, cancellationToken).ConfigureAwait(false);
        }

        if (step.Backup.Spec.Type == BackupType.Automatic && !IsScheduled(step.Backup, policy))
        {
            return await FailAsync(step, Reasons.InvalidSpec,
                "type: Automatic is reserved for the backups the operator creates on the policy's schedule (they carry the scheduled time). Create a Manual backup instead (omit spec.type).",
                cancellationToken).ConfigureAwait(false);
        }

        if ((step.Backup.Spec.Type ?? BackupType.Manual) == BackupType.Manual)
        {
            var records = BackupIndexes.OfPolicy(_informers, step.Namespace, policy.Metadata.Name)
                .Select(ToRecord)
                .ToList();
            var candidate = ToRecord(step.Backup);
            var decision = BackupAdmission.AdmitManual(effective, records, candidate);
            if (!decision.IsAllowed)
            {
                if (decision.Reason == Reasons.LimitReached)
                {
                    _metrics.LimitReached(automatic: false);
                }

                return await FailAsync(step, decision.Reason ?? Reasons.LimitReached, decision.Message ?? Reasons.LimitReachedMessage, cancellationToken).ConfigureAwait(false);
            }
        }

        step.Status.Phase = BackupPhase.Creating;
        SetReady(step, false, Reasons.Queued, $"Waiting to request a snapshot of droplet {policy.Spec.DropletId}.");
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(step, policy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether an Automatic Backup was made by the policy's schedule: it carries the scheduled-time annotation and the name
    /// the schedule gives that tick. A hand-made <c>type: Automatic</c> is refused (Error InvalidSpec), so it cannot slip
    /// past the manual cap.
    /// </summary>
    private static bool IsScheduled(Backup backup, BackupPolicy policy) =>
        backup.Metadata.Annotations?.TryGetValue(ApiConstants.ScheduledTimeAnnotation, out var at) == true
        && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var tick)
        && string.Equals(backup.Metadata.Name, Rules.Naming.BackupNames.Automatic(policy.Metadata.Name, tick), StringComparison.Ordinal);

    private static BackupRecord ToRecord(Backup backup) => BackupRecord.From(
        backup.Metadata.Name,
        backup.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : DateTimeOffset.MinValue,
        backup.Metadata.DeletionTimestamp is not null,
        backup.Spec,
        backup.Status);

    /// <summary>Recovers an Error that a later change can fix (the policy appeared) by starting admission again.</summary>
    private bool CanRetryAdmission(BackupStep step, BackupPolicy? policy) =>
        step.Status.Reason == Reasons.PolicyNotFound
        && step.Status.SnapshotName is null
        && step.Status.ActionId is null
        && policy is { Metadata.DeletionTimestamp: null };

    private async Task<ReconcileResult> RetryAdmissionAsync(BackupStep step, BackupPolicy policy, CancellationToken cancellationToken)
    {
        _events.Record(step.Backup, EventType.Normal, BackupEventReasons.Creating, $"BackupPolicy '{policy.Metadata.Name}' exists now: admitting the backup.");
        step.Status = new BackupStatus();
        return await AdmitAsync(step, policy, cancellationToken).ConfigureAwait(false);
    }
}
