namespace Backups.Operator.Chaos.Matrix;

/// <summary>
/// One row of the fault matrix: a fault switched on (for one droplet where DigitalOcean is concerned) before a manual
/// backup is created, switched off once the backup settled, and the phase it is expected to settle in.
/// </summary>
public sealed record FaultCase(string Layer, string Name, string ExpectedPhase, Func<FaultContext, Task> Apply, Func<FaultContext, Task>? Clear = null)
{
    /// <summary>Cheap enough (a few seconds, no long timeouts) for <c>make test</c>.</summary>
    public bool Cheap { get; init; }

    /// <summary>How long the row waits for the backup to settle before it counts as not converged.</summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromMinutes(5);
}
