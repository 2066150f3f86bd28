using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Scheduling;

namespace Backups.Operator.Controllers.Policies;

/// <summary>Everything one reconcile of a policy learned and decided, from which its status is built.</summary>
public sealed record PolicyObservation
{
    /// <summary>The policy's <c>metadata.generation</c>.</summary>
    public long? Generation { get; init; }

    /// <summary>The effective policy; <see langword="null"/> when the spec is invalid.</summary>
    public EffectivePolicy? Effective { get; init; }

    /// <summary>Why the spec is invalid (the rules' message), when <see cref="Effective"/> is null.</summary>
    public string? InvalidSpecMessage { get; init; }

    /// <summary>Whether the plan allows backups (known from <c>spec.plan</c> even when another field is invalid).</summary>
    public bool? BackupsAllowed { get; init; }

    /// <summary>The schedule's verdict, when the spec is valid.</summary>
    public ScheduleDecision? Schedule { get; init; }

    /// <summary>The <c>lastScheduleTime</c> after this reconcile's actions.</summary>
    public DateTimeOffset? LastScheduleTime { get; init; }

    /// <summary>The policy's Backups after this reconcile's deletions and creations.</summary>
    public IReadOnlyList<BackupRecord> Backups { get; init; } = [];

    /// <summary>A restore running on the policy's droplet (its description), or null.</summary>
    public string? RunningRestore { get; init; }

    /// <summary>True: an automatic run was just skipped at the cap; false: one was just made; null: no run this time.</summary>
    public bool? LimitReached { get; init; }

    /// <summary>Why <c>spec.deploymentRef</c> could not be tied to the policy, or null.</summary>
    public string? DeploymentProblem { get; init; }

    /// <summary>Why <c>spec.schedule</c> cannot work (reason <c>InvalidSchedule</c>), or null.</summary>
    public string? ScheduleProblem { get; init; }

    /// <summary>Why another policy keeps the droplet (reason <c>DropletConflict</c>), or null.</summary>
    public string? DropletConflict { get; init; }

    /// <summary>What the last check of the token and droplet found (<c>DropletNotFound</c>, <c>NotOwner</c>, <c>Unauthorized</c>), or null.</summary>
    public (string Reason, string Message)? DropletProblem { get; init; }

    /// <summary>When the droplet's snapshots were last listed completely (<c>status.lastSnapshotCheckAt</c>), or null.</summary>
    public DateTimeOffset? LastSnapshotCheckAt { get; init; }

    /// <summary>Set while the policy's credentials Secret is being deleted but this policy still holds it.</summary>
    public string? SecretDeletionBlocked { get; init; }

    /// <summary>The credentials problem (reason and message) when the policy's token cannot be resolved, or null.</summary>
    public (string Reason, string Message)? CredentialsProblem { get; init; }

    /// <summary>The policy's <c>status.verification</c> (null without a running verification schedule).</summary>
    public Api.PolicyVerificationStatus? Verification { get; init; }

    /// <summary>The <c>VerificationsAvailable</c> condition, or null to remove it (no <c>spec.verification</c>).</summary>
    public (string Status, string Reason, string Message)? VerificationCondition { get; init; }

    /// <summary>The price of snapshot storage.</summary>
    public SnapshotPrice Price { get; init; } = SnapshotPrice.Default;
}
