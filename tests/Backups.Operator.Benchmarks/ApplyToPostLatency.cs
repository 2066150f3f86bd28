using System.Diagnostics;
using System.Globalization;
using Backups.Operator.Simulator.State;
using Backups.Operator.Tests.Harness;

namespace Backups.Operator.Benchmarks;

/// <summary>
/// (b) 1,000 Backups applied at once over 100 tokens (10 droplets each): real time from each Backup's create call to its
/// snapshot POST at the simulator, p50 and p99, with the operator's default worker count. The clock stands still.
/// </summary>
internal static class ApplyToPostLatency
{
    private const int DropletsPerToken = 10;

    public static async Task RunAsync(Report report, double scale, int? workers = null)
    {
        var tokens = Math.Max(1, (int)(100 / scale));
        var count = tokens * DropletsPerToken;
        var workerCount = workers ?? new Configuration.BackupsOperatorOptions().BackupWorkers;
        await using var harness = await OperatorHarness.StartAsync(output: null, o =>
        {
            o.Simulator = new() { SecondsPerGigabyte = 6, MinActionSeconds = 10, RandomSeed = 42, RequestLogCapacity = 1_000_000 };
            o.Configuration[$"{Configuration.BackupsOperatorOptions.SectionName}:{nameof(Configuration.BackupsOperatorOptions.BackupWorkers)}"] =
                workerCount.ToString(CultureInfo.InvariantCulture);
        });
        var dropletOf = new Dictionary<long, (string Namespace, string Name)>();
        for (var t = 0; t < tokens; t++)
        {
            var token = $"dop_v1_bench_{t:000}";
            harness.SimulatorState.AddAccount(token, dropletLimit: DropletsPerToken);
            var ns = await harness.CreateNamespaceWithTokenAsync($"tenant-{t:000}", token: token);
            for (var d = 0; d < DropletsPerToken; d++)
            {
                var droplet = harness.SimulatorState.AddDroplet(token, new DropletSpec { Name = $"d{d}", UsedGigabytes = 1, DiskGigabytes = 25 });
                await harness.CreatePolicyAsync(ns, $"p{d}", droplet.Id, configure: s => s.Suspend = true);
                dropletOf[droplet.Id] = (ns, $"b{d}");
            }
        }

        await harness.SettleAsync(TimeSpan.FromSeconds(60));
        var created = new Dictionary<long, long>();
        var posted = new Dictionary<long, long>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            var seen = 0;
            while (!stop.IsCancellationRequested && posted.Count < count)
            {
                var entries = harness.SimulatorState.Requests.Entries();
                var now = Stopwatch.GetTimestamp();
                for (; seen < entries.Count; seen++)
                {
                    var entry = entries[seen];
                    if (entry.Operation == "snapshot_droplet" && DropletIdOf(entry.Path) is { } id)
                    {
                        lock (posted)
                        {
                            posted.TryAdd(id, now);
                        }
                    }
                }

                await Task.Delay(2, CancellationToken.None);
            }
        }, CancellationToken.None);

        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(dropletOf, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pair, ct) =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (created)
            {
                created[pair.Key] = at;
            }

            await harness.CreateBackupAsync(pair.Value.Namespace, pair.Value.Name, $"p{pair.Value.Name[1..]}", cancellationToken: ct);
        });
        var applied = wall.Elapsed;
        await harness.WaitForAsync(_ => Task.FromResult(posted.Count >= count), TimeSpan.FromMinutes(10), "every snapshot POST");
        var allPosted = wall.Elapsed;
        await stop.CancelAsync();
        await watcher;

        var latencies = created.Select(c => Stopwatch.GetElapsedTime(c.Value, posted[c.Key]).TotalMilliseconds).Order().ToArray();
        report.Add($"(b) Apply -> snapshot POST, Backups applied at once over many tokens ({workerCount} Backup workers)",
            string.Create(CultureInfo.InvariantCulture,
                $"{count} Backups over {tokens} tokens ({DropletsPerToken} droplets each{(scale != 1 ? $", scaled down by BENCH_SCALE={scale}" : string.Empty)}), " +
                $"{workerCount} Backup workers{(workers is null ? " (the default)" : string.Empty)}: p50 **{latencies[count / 2]:0} ms**, p99 **{latencies[Math.Min(count - 1, count * 99 / 100)]:0} ms**, " +
                $"max {latencies[^1]:0} ms (target p99 ≤ 1 s). The creates took {applied.TotalSeconds:0.0} s (16 in parallel); the last POST came " +
                $"{allPosted.TotalSeconds:0.0} s after the first create. Real time, clock standing still; the API server, simulator and operator share the machine."));
    }

    private static long? DropletIdOf(string path)
    {
        // /v2/droplets/{id}/actions
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts[1] == "droplets" && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
