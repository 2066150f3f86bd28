using Backups.Operator.Chaos.Campaign;
using Backups.Operator.Chaos.Matrix;
using Backups.Operator.Chaos.Reporting;
using Backups.Operator.Chaos.Stack;

namespace Backups.Operator.Chaos;

/// <summary>
/// <c>make chaos</c>: the kill campaign (<c>CHAOS_KILLS</c>, default 200; <c>CHAOS_SEED</c>) and every row of the fault
/// matrix, each on a fresh stack; <c>--results FILE</c> writes the report (benchmarks/CHAOS.md) whatever the outcome. The
/// last line is <c>chaos: N kills, V violations</c>; the exit code is 1 when there is a violation, a row did not converge
/// or a part failed. Arguments: <c>[campaign|matrix|all] [--results FILE] [--command TEXT] [--rows TEXT]</c> (the command the
/// report names; only the matrix rows whose name contains TEXT).
/// </summary>
public static class ChaosProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var results = Option(args, "--results");
        var log = (string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };

        var started = DateTimeOffset.UtcNow;
        var loadAtStart = ChaosReport.LoadAverage();
        var options = KillCampaignOptions.FromEnvironment(defaultKills: 200);
        KillCampaignResult? campaign = null;
        string? campaignFailure = null;
        if (what is "all" or "campaign")
        {
            try
            {
                await using var stack = await ChaosStack.StartAsync(log, interrupted.Token).ConfigureAwait(false);
                campaign = await new KillCampaign(stack, options, log).RunAsync(interrupted.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                campaignFailure = $"{e.GetType().Name}: {e.Message}";
                log($"the kill campaign failed: {e}");
            }
        }

        IReadOnlyList<FaultRowResult> matrix = [];
        string? matrixFailure = null;
        if (what is "all" or "matrix")
        {
            try
            {
                await using var stack = await ChaosStack.StartAsync(log, interrupted.Token).ConfigureAwait(false);
                var rows = Option(args, "--rows") is { } part ? FaultCatalog.All.Where(c => c.Name.Contains(part, StringComparison.OrdinalIgnoreCase)) : FaultCatalog.All;
                matrix = await new FaultMatrix(stack, log).RunAsync(rows, interrupted.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                matrixFailure = $"{e.GetType().Name}: {e.Message}";
                log($"the fault matrix failed: {e}");
            }
        }

        foreach (var row in matrix)
        {
            Console.WriteLine(row.Describe());
        }

        foreach (var line in campaign?.Report().Where(l => l != campaign.SummaryLine) ?? [])
        {
            Console.WriteLine(line);
        }

        var violations = (campaign?.Violations.Count ?? 0) + matrix.Count(r => !r.Converged) + (campaignFailure is null ? 0 : 1) + (matrixFailure is null ? 0 : 1);
        var summary = $"chaos: {campaign?.Kills ?? 0} kills, {violations} violations";
        if (results is not null)
        {
            var command = Option(args, "--command")
                          ?? (what == "matrix" ? "dotnet run --project tests/Backups.Operator.Chaos -c Release -- matrix" : $"CHAOS_KILLS={options.Kills} CHAOS_SEED={options.Seed} make chaos");
            var report = ChaosReport.Markdown(new ChaosRun
            {
                Command = command,
                Started = started,
                Finished = DateTimeOffset.UtcNow,
                Machine = $"{ChaosReport.DescribeMachine()}; load average {loadAtStart} at the start, {ChaosReport.LoadAverage()} at the end",
                Campaign = campaign,
                CampaignFailure = campaignFailure,
                Matrix = matrix,
                MatrixFailure = matrixFailure,
                SummaryLine = summary,
            });
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(results))!);
            await File.WriteAllTextAsync(results, report, CancellationToken.None).ConfigureAwait(false);
            log($"wrote {results}");
        }

        Console.WriteLine(summary);
        return violations == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
