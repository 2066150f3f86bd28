using System.Diagnostics.CodeAnalysis;
using Backups.Operator.Api;

namespace Backups.Operator.Rules.Plans;

/// <summary>The outcome of <see cref="PlanCatalog.Resolve"/>: an effective policy, or the reasons there is none.</summary>
public sealed class PolicyResolution
{
    private PolicyResolution(EffectivePolicy? policy, IReadOnlyList<PolicyValidationError> errors)
    {
        Policy = policy;
        Errors = errors;
    }

    /// <summary>The effective policy when the spec is valid.</summary>
    public EffectivePolicy? Policy { get; }

    /// <summary>Every problem found (empty when valid).</summary>
    public IReadOnlyList<PolicyValidationError> Errors { get; }

    /// <summary>Whether the spec is valid and <see cref="Policy"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Policy))]
    public bool IsValid => Policy is not null;

    /// <summary>The condition reason for an invalid spec: <see cref="Reasons.InvalidSpec"/>.</summary>
    public string? Reason => IsValid ? null : Reasons.InvalidSpec;

    /// <summary>All errors in one line, for a condition message (null when valid).</summary>
    public string? Message => IsValid ? null : string.Join("; ", Errors);

    internal static PolicyResolution Valid(EffectivePolicy policy) => new(policy, []);

    internal static PolicyResolution Invalid(IReadOnlyList<PolicyValidationError> errors) => new(null, errors);
}
