namespace Backups.Operator.Chaos.Campaign;

/// <summary>One kill point of the campaign and what was in flight when it happened.</summary>
public sealed record KillPoint(int Number, TimeSpan At, DateTimeOffset Time, KillKind Kind, int Kills, int BackupsCreating, int RestoresRunning, TimeSpan? ReadyAfter)
{
    public string Describe() =>
        $"kill point {Number,3}  +{At.TotalSeconds,6:0.0} s  {Kind,-16} kills={Kills}  creating={BackupsCreating,2} restoring={RestoresRunning,2}  "
        + (ReadyAfter is { } ready ? $"active again after {ready.TotalSeconds:0.0} s" : "NOT active again");
}
