using Backups.Operator.Chaos.Campaign;
using Backups.Operator.Chaos.Matrix;
using Backups.Operator.Chaos.Reporting;
using Backups.Operator.Chaos.Stack;

namespace Backups.Operator.Chaos;

/// <summary>
/// <c>make chaos</c>: the kill campaign (<c>CHAOS_KILLS</c>, default 200; <c>CHAOS_SEED</c>) and every row of the fault
/// matrix, each on a fresh stack; <c>--results FILE</c> writes the report (benchmarks/CHAOS.md). The last line is
/// <c>chaos: N kills, V violations</c>; the exit code is 1 when there is a violation or a row did not converge.
/// Arguments: <c>[campaign|matrix|all] [--results FILE]</c>.
/// </summary>
public static class ChaosProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var resultsIndex = Array.IndexOf(args, "--results");
        var results = resultsIndex >= 0 && resultsIndex + 1 < args.Length ? args[resultsIndex + 1] : null;
        var log = (string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };

        KillCampaignResult? campaign = null;
        if (what is "all" or "campaign")
        {
            await using var stack = await ChaosStack.StartAsync(log, interrupted.Token).ConfigureAwait(false);
            campaign = await new KillCampaign(stack, KillCampaignOptions.FromEnvironment(defaultKills: 200), log).RunAsync(interrupted.Token)
                .ConfigureAwait(false);
        }

        IReadOnlyList<FaultRowResult> matrix = [];
        if (what is "all" or "matrix")
        {
            await using var stack = await ChaosStack.StartAsync(log, interrupted.Token).ConfigureAwait(false);
            matrix = await new FaultMatrix(stack, log).RunAsync(FaultCatalog.All, interrupted.Token).ConfigureAwait(false);
        }

        if (results is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(results))!);
            await File.WriteAllTextAsync(results, ChaosReport.Markdown(campaign, matrix, campaign is null ? "make chaos" : $"CHAOS_KILLS={campaign.Options.Kills} CHAOS_SEED={campaign.Options.Seed} make chaos"), interrupted.Token).ConfigureAwait(false);
        }

        foreach (var row in matrix)
        {
            Console.WriteLine(row.Describe());
        }

        foreach (var line in campaign?.Report().Where(l => l != campaign.SummaryLine) ?? [])
        {
            Console.WriteLine(line);
        }

        var violations = (campaign?.Violations.Count ?? 0) + matrix.Count(r => !r.Converged);
        Console.WriteLine($"chaos: {campaign?.Kills ?? 0} kills, {violations} violations");
        return violations == 0 ? 0 : 1;
    }
}
