using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Rules.Verifications;

/// <summary>
/// The rules of scheduled verifications (docs/rules.md, "Verification schedule"): the plan gate and bounds of
/// <c>spec.verification</c>, which backup a tick verifies, and which finished runs the history keeps. The timing itself
/// is <see cref="Scheduling.ScheduleEvaluator"/> on <see cref="EffectiveVerification.Timing"/>.
/// </summary>
public static class VerificationSchedules
{
    /// <summary>The smallest <c>keepHistory</c>.</summary>
    public const int MinKeepHistory = 1;

    /// <summary>The largest <c>keepHistory</c>.</summary>
    public const int MaxKeepHistory = 10;

    /// <summary>The default <c>keepHistory</c>.</summary>
    public const int DefaultKeepHistory = 3;

    /// <summary>
    /// Checks <c>spec.verification</c> against the plan and its bounds. <paramref name="policy"/> is the policy's
    /// effective form (null when the rest of the spec is invalid: then nothing is scheduled either).
    /// </summary>
    public static VerificationResolution Resolve(BackupPolicySpec spec, EffectivePolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Verification is not { } verification)
        {
            return VerificationResolution.Off;
        }

        if (Enum.IsDefined(spec.Plan) && !PlanCatalog.For(spec.Plan).BackupsAllowed)
        {
            return new VerificationResolution { Reason = Reasons.PlanNotEligible, Message = Reasons.VerificationsPlanNotEligibleMessage };
        }

        var errors = new List<PolicyValidationError>();
        var text = verification.Schedule?.Trim() ?? string.Empty;
        var cron = PlanCatalog.ParseCron(text, "spec.verification.schedule", errors);
        if (verification.KeepHistory is { } keep && (keep < MinKeepHistory || keep > MaxKeepHistory))
        {
            errors.Add(new("spec.verification.keepHistory", $"{keep} is out of range: use {MinKeepHistory}..{MaxKeepHistory}."));
        }

        var probe = verification.Probe;
        if (probe is null || (probe.TcpSocket is null) == (probe.HttpGet is null))
        {
            errors.Add(new("spec.verification.probe", "set exactly one of tcpSocket or httpGet."));
        }

        if (errors.Count > 0 || cron is null)
        {
            return new VerificationResolution { Reason = Reasons.InvalidSpec, Message = string.Join("; ", errors) };
        }

        if (policy is null)
        {
            return new VerificationResolution { Reason = Reasons.InvalidSpec, Message = "The policy's spec is invalid (see the Ready condition): no verification is scheduled." };
        }

        return new VerificationResolution
        {
            Verification = new EffectiveVerification
            {
                Schedule = text,
                Timing = policy with { Schedule = text, Cron = cron },
                Probe = probe!,
                Size = string.IsNullOrWhiteSpace(verification.Size) ? null : verification.Size.Trim(),
                KeepHistory = verification.KeepHistory ?? DefaultKeepHistory,
            },
        };
    }

    /// <summary>The backup a tick verifies: the newest Available one (by completion, then creation, then name), or null.</summary>
    public static BackupRecord? NewestAvailable(IEnumerable<BackupRecord> backups)
    {
        ArgumentNullException.ThrowIfNull(backups);
        return backups
            .Where(b => b.Phase == BackupPhase.Available && !b.IsDeleting)
            .OrderByDescending(b => b.CompletedAt ?? b.CreatedAt)
            .ThenByDescending(b => b.CreatedAt)
            .ThenByDescending(b => b.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>
    /// The finished runs beyond <paramref name="keepHistory"/> (oldest first), from the policy's scheduled runs given as
    /// (name, creation time, finished). Runs still going are never returned and do not count.
    /// </summary>
    public static IReadOnlyList<string> Pruned(IEnumerable<(string Name, DateTimeOffset CreatedAt, bool Finished)> runs, int keepHistory)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var finished = runs.Where(r => r.Finished)
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var excess = finished.Count - Math.Max(keepHistory, 0);
        return excess <= 0 ? [] : finished.Take(excess).Select(r => r.Name).ToList();
    }

    /// <summary>
    /// The deterministic name of the run of <paramref name="tick"/>: <c>&lt;policy&gt;-verify-&lt;yyyyMMddHHmm&gt;</c> (UTC),
    /// shortened with a hash as Backup names are, so a retried create is idempotent.
    /// </summary>
    public static string RunName(string policyName, DateTimeOffset tick) => Naming.BackupNames.VerificationRun(policyName, tick);
}
