namespace Backups.Operator.Api;

/// <summary>Condition types used in the status of the three kinds.</summary>
public static class ConditionTypes
{
    /// <summary>The object is fully reconciled and healthy.</summary>
    public const string Ready = "Ready";

    /// <summary>Policy: the plan allows backups.</summary>
    public const string BackupsAvailable = "BackupsAvailable";

    /// <summary>Policy: a restore is running on the deployment's droplet.</summary>
    public const string Restoring = "Restoring";

    /// <summary>Policy: the 20-backup cap stopped an automatic run.</summary>
    public const string LimitReached = "LimitReached";

    /// <summary>Policy (only with <c>spec.verification</c>): scheduled verifications run (False on Basic, or with an invalid schedule).</summary>
    public const string VerificationsAvailable = "VerificationsAvailable";

    /// <summary>Backup: the snapshot has taken longer than 20 minutes.</summary>
    public const string Slow = "Slow";

    /// <summary>Backup: deleting the snapshot failed; the operator retries with backoff.</summary>
    public const string DeletionFailed = "DeletionFailed";
}

/// <summary>Reasons used in conditions and in <c>status.reason</c>.</summary>
public static class Reasons
{
    public const string PlanNotEligible = "PlanNotEligible";
    public const string LimitReached = "LimitReached";
    public const string DropletNotFound = "DropletNotFound";
    public const string DropletArchived = "DropletArchived";
    public const string NotOwner = "NotOwner";
    public const string PolicyNotFound = "PolicyNotFound";
    public const string CredentialsNotFound = "CredentialsNotFound";
    public const string Unauthorized = "Unauthorized";

    /// <summary>The token cannot be sent to DigitalOcean at all (e.g. it contains a control character or a line break).</summary>
    public const string InvalidCredentials = "InvalidCredentials";
    public const string Queued = "Queued";
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string ActionErrored = "ActionErrored";
    public const string Timeout = "Timeout";
    public const string SnapshotMissing = "SnapshotMissing";
    public const string InvalidSpec = "InvalidSpec";
    public const string Reconciled = "Reconciled";

    /// <summary>The message of <see cref="PlanNotEligible"/>, as the product states it.</summary>
    public const string PlanNotEligibleMessage = "Backups are not available on the Basic plan. Upgrade to Advanced or Pro.";

    /// <summary>The message of <see cref="PlanNotEligible"/> on the <c>VerificationsAvailable</c> condition.</summary>
    public const string VerificationsPlanNotEligibleMessage = "Scheduled verifications (spec.verification) are not available on the Basic plan. Upgrade to Advanced or Pro, or remove spec.verification.";

    /// <summary>The message of <see cref="LimitReached"/>, as the product states it.</summary>
    public const string LimitReachedMessage = "Maximum 20 backups per deployment: delete a backup first";
}
