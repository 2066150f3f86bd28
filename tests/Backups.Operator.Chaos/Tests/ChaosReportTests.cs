using Backups.Operator.Chaos.Campaign;
using Backups.Operator.Chaos.Invariants;
using Backups.Operator.Chaos.Matrix;
using Backups.Operator.Chaos.Reporting;

namespace Backups.Operator.Chaos.Tests;

/// <summary>benchmarks/CHAOS.md is written by the program with the command, seed, dates, machine, one line per kill point,
/// each invariant's result, the matrix's converge times and the last line — also when there are violations or a part failed.</summary>
public sealed class ChaosReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 16, 0, 0, TimeSpan.Zero);

    private static KillCampaignResult Campaign(params Violation[] violations) => new()
    {
        Options = new KillCampaignOptions { Kills = 3, Seed = 42 },
        KillPoints =
        [
            new KillPoint(1, TimeSpan.FromSeconds(5), Start.AddSeconds(5), KillKind.Double, 2, 3, 0) { ReadyAfter = TimeSpan.FromSeconds(6.5) },
            new KillPoint(2, TimeSpan.FromSeconds(9), Start.AddSeconds(9), KillKind.Single, 1, 1, 1) { NextKillAfter = TimeSpan.FromSeconds(1.2) },
        ],
        Violations = violations,
        Duration = TimeSpan.FromMinutes(2),
        SnapshotPosts = 7,
        RefusedSnapshotPosts = 0,
        RebuildPosts = 1,
        SnapshotDeletes = 7,
        BackupsAvailable = 6,
        BackupsError = 1,
        RestoresSucceeded = 1,
        RestoresFailed = 0,
        ManualBackups = 4,
        RestoresCreated = 1,
        Deletions = 2,
        UnplannedExits = [],
        Ending = ["  20.0 s  every Backup and restore settled"],
    };

    private static ChaosRun Run(KillCampaignResult? campaign, string summary) => new()
    {
        Command = "CHAOS_KILLS=3 CHAOS_SEED=42 make chaos",
        Started = Start,
        Finished = Start.AddMinutes(3),
        Machine = "2 cores",
        Campaign = campaign,
        Matrix = [new FaultRowResult(FaultCatalog.All[0], "Available", "Completed", TimeSpan.FromSeconds(11.5), 1)],
        SummaryLine = summary,
    };

    [Fact]
    public void A_clean_run_names_the_command_seed_kill_points_invariants_matrix_times_and_last_line()
    {
        var markdown = ChaosReport.Markdown(Run(Campaign(), "chaos: 3 kills, 0 violations"));

        markdown.Should().Contain("`CHAOS_KILLS=3 CHAOS_SEED=42 make chaos`").And.Contain("Seed: 42").And.Contain("2026-12-02 16:00 UTC")
            .And.Contain("2 cores");
        markdown.Should().Contain("kill point   1").And.Contain("active again after 6.5 s").And.Contain("next kill after 1.2 s, before it was active");
        foreach (var invariant in Violation.Invariants)
        {
            markdown.Should().Contain($"ok  {invariant}");
        }

        markdown.Should().Contain("| none (baseline) | 11.5 s |").And.Contain("every Backup and restore settled");
        markdown.TrimEnd().Should().EndWith("chaos: 3 kills, 0 violations\n```");
    }

    [Fact]
    public void A_violation_is_counted_under_its_invariant_and_marked_on_its_kill_point()
    {
        var markdown = ChaosReport.Markdown(Run(Campaign(new Violation(Violation.DuplicatePost, "2 snapshot POSTs named chaos-a-1", 2)), "chaos: 3 kills, 1 violations"));

        markdown.Should().Contain($"1 VIOLATION(S)  {Violation.DuplicatePost}").And.Contain($"ok  {Violation.Orphan}")
            .And.Contain("VIOLATION [at most one snapshot POST per Backup] 2 snapshot POSTs named chaos-a-1 (after kill point 2)");
        markdown.Split('\n').Single(l => l.StartsWith("kill point   2", StringComparison.Ordinal)).Should().EndWith("1 VIOLATION(S)");
        markdown.Split('\n').Single(l => l.StartsWith("kill point   1", StringComparison.Ordinal)).Should().EndWith("ok");
    }

    [Fact]
    public void A_campaign_that_failed_is_reported_with_its_error()
    {
        var markdown = ChaosReport.Markdown(Run(null, "chaos: 0 kills, 1 violations") with { CampaignFailure = "HttpRequestException: refused\nat x" });

        markdown.Should().Contain("Did not finish: `HttpRequestException: refused | at x`").And.Contain("chaos: 0 kills, 1 violations");
    }
}
