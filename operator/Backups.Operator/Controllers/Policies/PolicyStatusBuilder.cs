using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using ConditionStatus = Backups.Operator.Api.ConditionStatus;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// Builds a policy's desired status from a <see cref="PolicyObservation"/> and the current status: effective plan
/// values, the four conditions (times move only when a condition's status changes), counts, size, cost, last success
/// and the schedule times. Pure: the reconciler writes the result only when it differs from the current status.
/// </summary>
public static class PolicyStatusBuilder
{
    /// <summary>Condition reason while the policy is fully reconciled.</summary>
    public const string ReadyReason = Reasons.Reconciled;

    /// <summary>Condition reason when <c>spec.deploymentRef</c> names an object that does not exist.</summary>
    public const string DeploymentNotFoundReason = "DeploymentNotFound";

    /// <summary>Condition reason when the plan allows backups.</summary>
    public const string PlanEligibleReason = "PlanEligible";

    /// <summary>Condition reason of <c>Restoring</c> while a restore runs.</summary>
    public const string RestoreInProgressReason = "RestoreInProgress";

    /// <summary>Condition reason of <c>Restoring</c> otherwise.</summary>
    public const string NoRestoreReason = "NoRestore";

    /// <summary>Condition and event reason when <c>spec.schedule</c> cannot work.</summary>
    public const string InvalidScheduleReason = "InvalidSchedule";

    /// <summary>Condition reason when another (older) policy keeps the droplet.</summary>
    public const string DropletConflictReason = "DropletConflict";

    /// <summary>
    /// Condition type present (True) only while the policy's credentials Secret is being deleted but the policy still
    /// holds it with the <c>credentials-in-use</c> finalizer (an abnormal-true condition, kstatus style).
    /// </summary>
    public const string SecretDeletionBlockedType = "SecretDeletionBlocked";

    /// <summary>Reason of <see cref="SecretDeletionBlockedType"/>.</summary>
    public const string CredentialsInUseReason = "CredentialsInUse";

    /// <summary>Condition reason of <c>LimitReached</c> while below the cap.</summary>
    public const string WithinLimitReason = "WithinLimit";

    public static BackupPolicyStatus Build(BackupPolicyStatus? current, PolicyObservation observation, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var effective = observation.Effective;
        var inventory = BackupInventory.Of(observation.Backups);
        var status = new BackupPolicyStatus
        {
            ObservedGeneration = observation.Generation,
            Conditions = CopyConditions(current?.Conditions),
            Schedule = effective is null ? current?.Schedule : effective.Schedule,
            TimeZone = effective is null ? current?.TimeZone : effective.TimeZoneId,
            Retention = effective is null ? current?.Retention : effective.ToRetentionStatus(),
            NextBackupTime = effective is null ? null : observation.Schedule?.NextTick,
            LastScheduleTime = observation.LastScheduleTime,
            LastSnapshotCheckAt = observation.LastSnapshotCheckAt ?? current?.LastSnapshotCheckAt,
            LastSuccessfulBackup = Newer(inventory.LastSuccessful, current?.LastSuccessfulBackup),
            Counts = inventory.Counts,
            TotalSizeGigabytes = inventory.TotalSizeGigabytes,
            EstimatedMonthlyCost = CostEstimator.MonthlyCost(observation.Backups, observation.Price),
            Verification = observation.Verification,
        };

        var conditions = status.Conditions;
        Set(conditions, ConditionTypes.Ready, ReadyCondition(observation), observation.Generation, timeProvider);
        if (SpecProblem(observation) is { } problem)
        {
            Set(conditions, ConditionTypes.BackupsAvailable, (ConditionStatus.False, problem.Reason, problem.Message), observation.Generation, timeProvider);
        }
        else if (observation.BackupsAllowed is { } allowed)
        {
            Set(conditions, ConditionTypes.BackupsAvailable, allowed
                ? (ConditionStatus.True, PlanEligibleReason, effective is null
                    ? "The plan includes backups."
                    : $"The {effective.Plan} plan includes backups: automatic backups on '{effective.Schedule}' ({effective.TimeZoneId}), {effective.RetainedAutomatic} kept.")
                : (ConditionStatus.False, Reasons.PlanNotEligible, Reasons.PlanNotEligibleMessage), observation.Generation, timeProvider);
        }

        Set(conditions, ConditionTypes.Restoring, observation.RunningRestore is { } restore
            ? (ConditionStatus.True, RestoreInProgressReason, restore)
            : (ConditionStatus.False, NoRestoreReason, "No restore is running on the deployment's droplet."), observation.Generation, timeProvider);

        if (observation.SecretDeletionBlocked is { } blocked)
        {
            Set(conditions, SecretDeletionBlockedType, (ConditionStatus.True, CredentialsInUseReason, blocked), observation.Generation, timeProvider);
        }
        else
        {
            Conditions.RemoveStatusCondition(conditions, SecretDeletionBlockedType);
        }

        if (observation.VerificationCondition is { } verification)
        {
            Set(conditions, ConditionTypes.VerificationsAvailable, verification, observation.Generation, timeProvider);
        }
        else
        {
            Conditions.RemoveStatusCondition(conditions, ConditionTypes.VerificationsAvailable);
        }

        var limit = observation.LimitReached;
        if (limit is true)
        {
            Set(conditions, ConditionTypes.LimitReached, (ConditionStatus.True, Reasons.LimitReached,
                "An automatic backup was skipped: " + Reasons.LimitReachedMessage + " (only manual backups are left to make room)."), observation.Generation, timeProvider);
        }
        else if (limit is false || Conditions.FindStatusCondition(conditions, ConditionTypes.LimitReached) is null)
        {
            Set(conditions, ConditionTypes.LimitReached, (ConditionStatus.False, WithinLimitReason,
                "Automatic backups fit under the limit of 20 backups per deployment."), observation.Generation, timeProvider);
        }

        return status;
    }

    /// <summary>Why the spec cannot work (invalid schedule, invalid spec, or a droplet another policy keeps), or null.</summary>
    private static (string Reason, string Message)? SpecProblem(PolicyObservation observation)
    {
        if (observation.ScheduleProblem is { } schedule)
        {
            return (InvalidScheduleReason, schedule);
        }

        if (observation.InvalidSpecMessage is null && observation.DropletConflict is { } conflict)
        {
            return (DropletConflictReason, conflict);
        }

        return observation.Effective is null ? (Reasons.InvalidSpec, observation.InvalidSpecMessage ?? "The spec is invalid.") : null;
    }

    private static (string Status, string Reason, string Message) ReadyCondition(PolicyObservation observation)
    {
        if (SpecProblem(observation) is { } problem)
        {
            return (ConditionStatus.False, problem.Reason, problem.Message);
        }

        var effective = observation.Effective!;
        if (observation.CredentialsProblem is { } credentials)
        {
            return (ConditionStatus.False, credentials.Reason, credentials.Message);
        }

        if (observation.DropletProblem is { } droplet)
        {
            return (ConditionStatus.False, droplet.Reason, droplet.Message);
        }

        if (observation.DeploymentProblem is { } deployment)
        {
            return (ConditionStatus.False, DeploymentNotFoundReason, deployment);
        }

        var message = !effective.BackupsAllowed
            ? "Reconciled. The plan has no backups; existing backups stay restorable until they expire."
            : effective.Suspend
                ? "Reconciled. Automatic backups are suspended (spec.suspend); retention and expiry continue."
                : "Reconciled.";
        return (ConditionStatus.True, ReadyReason, message);
    }

    private static void Set(List<Condition> conditions, string type, (string Status, string Reason, string Message) value, long? generation, TimeProvider timeProvider) =>
        Conditions.SetStatusCondition(conditions, new Condition
        {
            Type = type,
            Status = value.Status,
            Reason = value.Reason,
            Message = value.Message,
            ObservedGeneration = generation,
        }, timeProvider);

    private static List<Condition> CopyConditions(List<Condition>? conditions) =>
        conditions?.Select(c => new Condition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            ObservedGeneration = c.ObservedGeneration,
            LastTransitionTime = c.LastTransitionTime,
        }).ToList() ?? [];

    private static BackupReference? Newer(BackupReference? observed, BackupReference? recorded)
    {
        if (observed is null || recorded is null)
        {
            return observed ?? recorded;
        }

        return (recorded.Time ?? DateTimeOffset.MinValue) > (observed.Time ?? DateTimeOffset.MinValue) ? recorded : observed;
    }
}
