using Backups.Operator.Chaos.Invariants;

namespace Backups.Operator.Chaos.Campaign;

/// <summary>The outcome of a kill campaign: every kill point, every violation, and how much work went through.</summary>
public sealed record KillCampaignResult
{
    public required KillCampaignOptions Options { get; init; }

    public required IReadOnlyList<KillPoint> KillPoints { get; init; }

    public required IReadOnlyList<Violation> Violations { get; init; }

    public required TimeSpan Duration { get; init; }

    public required int SnapshotPosts { get; init; }

    public required int RefusedSnapshotPosts { get; init; }

    public required int RebuildPosts { get; init; }

    public required int SnapshotDeletes { get; init; }

    public required int BackupsAvailable { get; init; }

    public required int BackupsError { get; init; }

    public required int RestoresSucceeded { get; init; }

    public required int RestoresFailed { get; init; }

    public required int ManualBackups { get; init; }

    public required int RestoresCreated { get; init; }

    public required int Deletions { get; init; }

    public required IReadOnlyList<string> UnplannedExits { get; init; }

    /// <summary>Why Backups ended Error and restores Failed, with counts.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>How the settle, the deletion and the orphan check went (how long each wait took, or that it gave up).</summary>
    public required IReadOnlyList<string> Ending { get; init; }

    /// <summary>Operator SIGKILLs plus API server restarts.</summary>
    public int Kills => KillPoints.Sum(k => k.Kills);

    /// <summary>The run's last line: <c>chaos: N kills, V violations</c>.</summary>
    public string SummaryLine => $"chaos: {Kills} kills, {Violations.Count} violations";

    /// <summary>Every line of the campaign's report: summary, kill points, invariants, the last line.</summary>
    public IEnumerable<string> Report() => [.. SummaryLines(), .. KillPointLines(), .. InvariantLines(), SummaryLine];

    public IEnumerable<string> SummaryLines()
    {
        yield return $"kill campaign: seed {Options.Seed}, {Options.Policies} policies (cron every minute), {Kills} kills at {KillPoints.Count} kill points, "
                     + $"{Duration.TotalSeconds:0} s";
        yield return $"kinds: {string.Join(", ", KillPoints.GroupBy(k => k.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}";
        var ready = KillPoints.Where(k => k.ReadyAfter is not null).Select(k => k.ReadyAfter!.Value.TotalSeconds).Order().ToList();
        yield return $"active again: {ready.Count} kill points, median {Percentile(ready, 0.5):0.0} s, p90 {Percentile(ready, 0.9):0.0} s, "
                     + $"max {(ready.Count == 0 ? 0 : ready[^1]):0.0} s; next kill before an operator was active: {KillPoints.Count(k => k.NextKillAfter is not null)}; "
                     + $"never active again: {KillPoints.Count(k => k.ReadyAfter is null && k.NextKillAfter is null)}";
        yield return $"work: {ManualBackups} manual backups, {RestoresCreated} restores, {Deletions} deletions requested; "
                     + $"{SnapshotPosts} snapshot POSTs accepted ({RefusedSnapshotPosts} refused with 422), {RebuildPosts} rebuilds, {SnapshotDeletes} snapshot deletes";
        yield return $"settled: {BackupsAvailable} Available, {BackupsError} Error; restores {RestoresSucceeded} Succeeded, {RestoresFailed} Failed";
        foreach (var line in Reasons.Concat(Ending))
        {
            yield return line;
        }

        yield return $"unplanned operator exits (restarted as a kubelet would): {UnplannedExits.Count}";
        foreach (var exit in UnplannedExits)
        {
            yield return "  " + exit.ReplaceLineEndings(" | ");
        }
    }

    /// <summary>One line per kill point, ending <c>ok</c> or with the number of violations tied to it.</summary>
    public IEnumerable<string> KillPointLines() => KillPoints.Select(point =>
        Violations.Count(v => v.KillPoint == point.Number) is var count and > 0 ? $"{point.Describe()}  {count} VIOLATION(S)" : $"{point.Describe()}  ok");

    /// <summary>Each invariant with <c>ok</c> or its number of violations, then every violation.</summary>
    public IEnumerable<string> InvariantLines() =>
    [
        .. Violation.Invariants.Select(i => Violations.Count(v => v.Invariant == i) is var count and > 0 ? $"{count} VIOLATION(S)  {i}" : $"ok  {i}"),
        .. Violations.Select(v => "VIOLATION " + v),
    ];

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
