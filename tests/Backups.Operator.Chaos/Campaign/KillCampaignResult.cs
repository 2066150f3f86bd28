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

    /// <summary>Operator SIGKILLs plus API server restarts.</summary>
    public int Kills => KillPoints.Sum(k => k.Kills);

    /// <summary>The run's last line: <c>chaos: N kills, V violations</c>.</summary>
    public string SummaryLine => $"chaos: {Kills} kills, {Violations.Count} violations";

    public IEnumerable<string> Report()
    {
        yield return $"kill campaign: seed {Options.Seed}, {Options.Policies} policies (cron every minute), {Duration.TotalSeconds:0} s";
        foreach (var point in KillPoints)
        {
            var violations = Violations.Where(v => v.KillPoint == point.Number).ToList();
            yield return point.Describe() + (violations.Count == 0 ? "  ok" : $"  {violations.Count} VIOLATION(S)");
        }

        yield return $"kinds: {string.Join(", ", KillPoints.GroupBy(k => k.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}";
        yield return $"work: {ManualBackups} manual backups, {RestoresCreated} restores, {Deletions} deletions requested; "
                     + $"{SnapshotPosts} snapshot POSTs accepted ({RefusedSnapshotPosts} refused with 422), {RebuildPosts} rebuilds, {SnapshotDeletes} snapshot deletes";
        yield return $"settled: {BackupsAvailable} Available, {BackupsError} Error; restores {RestoresSucceeded} Succeeded, {RestoresFailed} Failed";
        yield return $"unplanned operator exits (restarted as a kubelet would): {UnplannedExits.Count}";
        foreach (var exit in UnplannedExits)
        {
            yield return "  " + exit.ReplaceLineEndings(" | ");
        }

        foreach (var violation in Violations)
        {
            yield return "VIOLATION " + violation;
        }

        yield return SummaryLine;
    }
}
