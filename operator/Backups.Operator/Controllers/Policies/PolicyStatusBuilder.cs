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
            LastSuccessfulBackup = Newer(inventory.LastSuccessful, current?.LastSuccessfulBackup),
            Counts = inventory.Counts,
            TotalSizeGigabytes = inventory.TotalSizeGigabytes,
            EstimatedMonthlyCost = CostEstimator.MonthlyCost(observation.Backups, observation.Price),
        };

        var conditions = status.Conditions;
        Set(conditions, ConditionTypes.Ready, ReadyCondition(observation), observation.Generation, timeProvider);
        if (observation.BackupsAllowed is { } allowed)
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

    private static (string Status, string Reason, string Message) ReadyCondition(PolicyObservation observation)
    {
        if (observation.Effective is null)
        {
            return (ConditionStatus.False, Reasons.InvalidSpec, observation.InvalidSpecMessage ?? "The spec is invalid.");
        }

        if (observation.CredentialsProblem is { } credentials)
        {
            return (ConditionStatus.False, credentials.Reason, credentials.Message);
        }

        if (observation.DeploymentProblem is { } deployment)
        {
            return (ConditionStatus.False, DeploymentNotFoundReason, deployment);
        }

        var effective = observation.Effective;
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
