using Backups.Operator.Api;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Rules.Verifications;

/// <summary>A policy's <c>spec.verification</c> checked and with its defaults: what the verification schedule runs on.</summary>
public sealed record EffectiveVerification
{
    /// <summary>The cron text.</summary>
    public required string Schedule { get; init; }

    /// <summary>
    /// The policy with the verification cron in place of the backup schedule, so <see cref="Scheduling.ScheduleEvaluator"/>
    /// applies the backup schedule's rules unchanged: time zone, one catch-up, startingDeadlineMinutes, suspend.
    /// </summary>
    public required EffectivePolicy Timing { get; init; }

    /// <summary>How the temporary droplet is probed.</summary>
    public required VerificationProbe Probe { get; init; }

    /// <summary>The size slug, or null for the smallest that fits.</summary>
    public string? Size { get; init; }

    /// <summary>How many finished scheduled verifications are kept.</summary>
    public required int KeepHistory { get; init; }
}
