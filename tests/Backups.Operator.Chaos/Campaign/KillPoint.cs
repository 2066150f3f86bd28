namespace Backups.Operator.Chaos.Campaign;

/// <summary>
/// One kill point of the campaign: when it struck, what was in flight, and what happened after it — an operator active
/// again (<see cref="ReadyAfter"/>, from the restart to <c>/readyz</c> of the acting replica) or the next kill point came
/// first (<see cref="NextKillAfter"/>: it struck during start-up on purpose, docs/chaos.md).
/// </summary>
public sealed record KillPoint(int Number, TimeSpan At, DateTimeOffset Time, KillKind Kind, int Kills, int BackupsCreating, int RestoresRunning)
{
    /// <summary>When the kill point's restarts were made (campaign clock).</summary>
    public TimeSpan RestartedAt { get; init; }

    /// <summary>From the restart until the acting replica answered <c>/readyz</c>; null when it was not seen active.</summary>
    public TimeSpan? ReadyAfter { get; init; }

    /// <summary>Set when the next kill point struck before an operator was active again: the time from the restart to it.</summary>
    public TimeSpan? NextKillAfter { get; init; }

    public string Describe() =>
        $"kill point {Number,3}  +{At.TotalSeconds,6:0.0} s  {Kind,-16} kills={Kills}  creating={BackupsCreating,2} restoring={RestoresRunning,2}  "
        + (ReadyAfter, NextKillAfter) switch
        {
            ({ } ready, _) => $"active again after {ready.TotalSeconds:0.0} s",
            (null, { } next) => $"next kill after {next.TotalSeconds:0.0} s, before it was active",
            _ => "NOT active again",
        };
}
