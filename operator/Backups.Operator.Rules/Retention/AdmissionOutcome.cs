namespace Backups.Operator.Rules.Retention;

/// <summary>Whether a new backup may be made.</summary>
public enum AdmissionOutcome
{
    /// <summary>Make it.</summary>
    Allowed,

    /// <summary>Automatic only: delete <see cref="AdmissionDecision.Evictions"/> (reason Cap) first, then make it.</summary>
    AllowedAfterEvicting,

    /// <summary>Automatic only: the Backup for this tick already exists (a retry or a second replica): make nothing, the tick is done.</summary>
    AlreadyExists,

    /// <summary>
    /// Do not make it: a manual Backup goes to Error with <see cref="AdmissionDecision.Reason"/> and
    /// <see cref="AdmissionDecision.Message"/>; an automatic run is skipped (condition LimitReached, Warning event, metric).
    /// </summary>
    Refused,
}
