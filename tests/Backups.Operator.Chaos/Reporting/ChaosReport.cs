using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Backups.Operator.Chaos.Campaign;
using Backups.Operator.Chaos.Matrix;

namespace Backups.Operator.Chaos.Reporting;

/// <summary>
/// benchmarks/CHAOS.md (docs/chaos.md, "Reading CHAOS.md"): the command, seed, dates and machine; the kill campaign's
/// summary, one line per kill point and each invariant's result; the fault matrix with each row's converge time; the
/// run's last line. Written whatever the outcome, violations and failures included.
/// </summary>
public static class ChaosReport
{
    public static string Markdown(ChaosRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        var code = (IEnumerable<string> lines) =>
        {
            line("```");
            foreach (var l in lines)
            {
                line(l);
            }

            line("```");
            line(string.Empty);
        };
        line("# Chaos: kill campaign and fault matrix");
        line(string.Empty);
        line("Written by the chaos program (`tests/Backups.Operator.Chaos`); rerun the command to refresh it. How it works and how to read it:");
        line("[docs/chaos.md](../docs/chaos.md).");
        line(string.Empty);
        line($"- Command: `{run.Command}`");
        if (run.Campaign is { } options)
        {
            line($"- Seed: {options.Options.Seed} (`CHAOS_SEED`); kills asked: {options.Options.Kills} (`CHAOS_KILLS`)");
        }

        line($"- Date: {Stamp(run.Started)} to {Stamp(run.Finished)} ({(run.Finished - run.Started).TotalMinutes:0.0} min)");
        line($"- Machine: {run.Machine}");
        line($"- Result: **{run.SummaryLine}**");
        line(string.Empty);
        line("## Kill campaign");
        line(string.Empty);
        if (run.Campaign is { } campaign)
        {
            code(campaign.SummaryLines());
            line("### Invariants");
            line(string.Empty);
            code(campaign.InvariantLines());
            line("### Kill points");
            line(string.Empty);
            line("Time since the campaign started, kind, kills made, Backups Creating and restores running when it struck, then how long until");
            line("an operator was active again (or that the next kill point struck first), and `ok` or the violations tied to it.");
            line(string.Empty);
            code(campaign.KillPointLines());
        }
        else
        {
            line(run.CampaignFailure is { } failure ? $"Did not finish: `{Flat(failure)}`" : "Not run.");
            line(string.Empty);
        }

        line("## Fault matrix");
        line(string.Empty);
        if (run.MatrixFailure is { } matrixFailure)
        {
            line($"Did not finish: `{Flat(matrixFailure)}`");
            line(string.Empty);
        }

        if (run.Matrix.Count > 0)
        {
            line("Each row: a fresh droplet and policy, the fault switched on, a manual Backup created; the time is from the create to");
            line("the Backup's Available or Error phase (polled every 100 ms). Posts = accepted snapshot POSTs for that Backup.");
            line(string.Empty);
            line("| layer | fault | converged after | phase | posts | expected | result |");
            line("|---|---|---:|---|---:|---|---|");
            foreach (var row in run.Matrix)
            {
                var seconds = row.ConvergedAfter is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0} s") : "did not";
                line($"| {row.Case.Layer} | {row.Case.Name} | {seconds} | {row.Phase ?? "-"}{(row.Phase == "Error" ? $" ({FirstWord(row.Reason)})" : string.Empty)} | "
                     + $"{row.SnapshotPosts} | {row.Case.ExpectedPhase} | {(row.Converged ? "ok" : "NOT CONVERGED")} |");
            }

            line(string.Empty);
        }
        else if (run.MatrixFailure is null)
        {
            line("Not run.");
            line(string.Empty);
        }

        code([run.SummaryLine]);
        return text.ToString();
    }

    /// <summary>Cores, OS, architecture and .NET version.</summary>
    public static string DescribeMachine() =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}, .NET {Environment.Version}";

    /// <summary>The 1/5/15-minute load average, or "unknown" where /proc/loadavg does not exist.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Flat(string text) => text.ReplaceLineEndings(" | ").Replace('`', '\'');

    private static string FirstWord(string? reason) => reason is null ? "no reason" : reason.Split(':')[0];
}
