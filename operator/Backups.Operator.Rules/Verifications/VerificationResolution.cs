using System.Diagnostics.CodeAnalysis;
using Backups.Operator.Api;

namespace Backups.Operator.Rules.Verifications;

/// <summary>The outcome of <see cref="VerificationSchedules.Resolve"/>.</summary>
public sealed record VerificationResolution
{
    /// <summary>No <c>spec.verification</c>: nothing is scheduled and the policy shows nothing about verifications.</summary>
    public static VerificationResolution Off { get; } = new();

    /// <summary>The schedule to run, when it can run.</summary>
    public EffectiveVerification? Verification { get; init; }

    /// <summary>Why it cannot run (<see cref="Reasons.PlanNotEligible"/>, <see cref="Reasons.InvalidSpec"/>), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>What is wrong and what to do, with <see cref="Reason"/>.</summary>
    public string? Message { get; init; }

    /// <summary>Whether <c>spec.verification</c> is set (runnable or refused).</summary>
    public bool Requested => Verification is not null || Reason is not null;

    /// <summary>Whether the schedule runs.</summary>
    [MemberNotNullWhen(true, nameof(Verification))]
    public bool IsActive => Verification is not null;
}
