namespace Backups.Operator.Rules.Retention;

/// <summary>The outcome of <see cref="BackupAdmission"/>.</summary>
/// <param name="Outcome">Allowed, allowed after evicting, already exists, or refused.</param>
/// <param name="Evictions">Backups to delete first (reason <see cref="DeletionReason.Cap"/>), oldest first; empty unless <see cref="AdmissionOutcome.AllowedAfterEvicting"/>.</param>
/// <param name="Reason">When refused: <c>LimitReached</c> or <c>PlanNotEligible</c>.</param>
/// <param name="Message">When refused: the product's message for <see cref="Reason"/>.</param>
public sealed record AdmissionDecision(AdmissionOutcome Outcome, IReadOnlyList<BackupDeletion> Evictions, string? Reason, string? Message)
{
    /// <summary>Whether a backup is made (possibly after evictions).</summary>
    public bool IsAllowed => Outcome is AdmissionOutcome.Allowed or AdmissionOutcome.AllowedAfterEvicting;

    internal static AdmissionDecision Allowed { get; } = new(AdmissionOutcome.Allowed, [], null, null);

    internal static AdmissionDecision AlreadyExists { get; } = new(AdmissionOutcome.AlreadyExists, [], null, null);

    internal static AdmissionDecision Refused(string reason, string message) => new(AdmissionOutcome.Refused, [], reason, message);

    internal static AdmissionDecision AfterEvicting(IReadOnlyList<BackupDeletion> evictions) =>
        new(AdmissionOutcome.AllowedAfterEvicting, evictions, null, null);
}
