namespace Backups.Operator.Api;

/// <summary>The status fields of a kind that runs through phases once (BackupRestore, BackupVerification).</summary>
/// <typeparam name="TPhase">The kind's phase enum.</typeparam>
public interface IPhaseStatus<TPhase>
    where TPhase : struct, Enum
{
    /// <summary>The current phase.</summary>
    TPhase? Phase { get; set; }

    /// <summary>A CamelCase reason for the phase.</summary>
    string? Reason { get; set; }

    /// <summary>What happened and what to do.</summary>
    string? Message { get; set; }

    /// <summary>The generation the status reflects.</summary>
    long? ObservedGeneration { get; set; }

    /// <summary>The conditions (Ready).</summary>
    List<Condition>? Conditions { get; set; }
}
