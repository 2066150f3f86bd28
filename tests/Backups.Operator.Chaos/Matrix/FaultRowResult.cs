namespace Backups.Operator.Chaos.Matrix;

/// <summary>How one fault row ended: the phase and reason the backup settled in, after how long, and its snapshot POSTs.</summary>
public sealed record FaultRowResult(FaultCase Case, string? Phase, string? Reason, TimeSpan? ConvergedAfter, int SnapshotPosts)
{
    /// <summary>Settled in the expected phase, with at most one snapshot POST.</summary>
    public bool Converged => ConvergedAfter is not null && Phase == Case.ExpectedPhase && SnapshotPosts <= 1;

    public string Describe() =>
        $"{Case.Layer,-12} {Case.Name,-58} {(ConvergedAfter is { } t ? $"{t.TotalSeconds,6:0.0} s" : "  none"),8}  {Phase ?? "-",-9} posts={SnapshotPosts}  "
        + (Converged ? "ok" : $"NOT CONVERGED (expected {Case.ExpectedPhase})") + (Reason is null ? string.Empty : $"  [{Reason}]");
}
