using Backups.Operator.Testing.Simulator;

namespace Backups.Operator.Chaos.Invariants;

/// <summary>A custom resource as the invariants need it.</summary>
public sealed record ObservedObject(string Name, string? Phase, string? Reason);

/// <summary>A snapshot someone other than the operator made (before the run), which must survive untouched.</summary>
public sealed record ForeignSnapshot(string Name, long? SnapshotId);

/// <summary>
/// What a chaos run observed: the simulator's ledger, the Backups and restores once the work settled, what was left after
/// deleting every policy, and when each kill point happened (to tie a violation to the kill it followed).
/// </summary>
public sealed record ObservedState
{
    /// <summary>Prefix of every snapshot name the operator makes in the run's namespace (<c>&lt;namespace&gt;-</c>).</summary>
    public required string OperatorSnapshotPrefix { get; init; }

    public required IReadOnlyList<LedgerEntry> Ledger { get; init; }

    /// <summary>Backups and restores once no more work was started and the operator had time to finish.</summary>
    public required IReadOnlyList<ObservedObject> SettledBackups { get; init; }

    public required IReadOnlyList<ObservedObject> SettledRestores { get; init; }

    /// <summary>Snapshot names the account still holds after every policy was deleted.</summary>
    public required IReadOnlyList<string> SnapshotsLeft { get; init; }

    /// <summary>Objects (kind/name) still present after every policy was deleted.</summary>
    public required IReadOnlyList<string> ObjectsLeft { get; init; }

    public required IReadOnlyList<ForeignSnapshot> ForeignSnapshots { get; init; }

    /// <summary>The time of each kill point, by its number (1-based), in order.</summary>
    public required IReadOnlyList<(int Number, DateTimeOffset Time)> KillPoints { get; init; }
}
