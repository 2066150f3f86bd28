using System.Diagnostics;
using System.Globalization;
using Backups.Operator.Tests.Harness;

namespace Backups.Operator.Benchmarks;

/// <summary>
/// (c) 2,000 Pro policies on one shared token, all due at the same 03:00 tick, on the fake clock with DigitalOcean's real
/// limits (client and simulator: 250/min, 5,000/h): the 429s the operator received and the makespan from the tick to the
/// last snapshot POST, against the bound the budget sets for the requests that must precede the last POST.
/// </summary>
internal static class SharedTokenTick
{
    public static async Task RunAsync(Report report, double scale)
    {
        var policies = Math.Max(1, (int)(2000 / scale));
        var start = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var tick = start.AddHours(3);
        await using var harness = await OperatorHarness.StartAsync(output: null, o =>
        {
            o.StartTime = start;
            o.Simulator = new() { SecondsPerGigabyte = 60, MinActionSeconds = 10, RandomSeed = 7, RateLimitPerMinute = 250, RateLimitPerHour = 5000, RequestLogCapacity = 1_000_000 };
            o.DropletUsedGigabytes = [5];
        });
        harness.SimulatorState.Requests.Reset();
        var ns = await harness.CreateNamespaceWithTokenAsync("shared");
        for (var i = 0; i < policies; i++)
        {
            var droplet = harness.AddDroplet(usedGigabytes: 5, diskGigabytes: 25);
            await harness.CreatePolicyAsync(ns, $"p{i:0000}", droplet.Id);
        }

        // Creation checks (one GET per policy) happen now, more than an hour before the tick, so they leave the hour window.
        await harness.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
        await harness.AdvanceAsync(tick - TimeSpan.FromSeconds(10) - harness.Time.GetUtcNow(), TimeSpan.FromMinutes(30));
        var beforeTick = harness.SimulatorState.Requests.Entries().Count;
        var wall = Stopwatch.StartNew();
        await harness.AdvanceUntilAsync(
            _ => Task.FromResult(Posts(harness).Count >= policies),
            TimeSpan.FromSeconds(5), TimeSpan.FromHours(4), timeout: TimeSpan.FromMinutes(30), because: "every policy's snapshot POST");
        var posts = Posts(harness);
        var afterTick = harness.SimulatorState.Requests.Entries().Skip(beforeTick).ToList();
        var tooMany = afterTick.Count(e => e.StatusCode == 429);
        var makespan = posts.Max(p => p.Time) - tick;
        var needed = 2 * policies; // the droplet GET and the POST of each backup
        var bound = needed <= 5000 ? TimeSpan.FromMinutes((needed - 250) / 250.0) : TimeSpan.FromMinutes(60 + ((needed - 5000) / 250.0));
        var byOperation = string.Join(", ", afterTick.Where(e => e.Time <= posts.Max(p => p.Time)).GroupBy(e => e.Operation).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        report.Add("(c) Policies on one shared token due at one tick",
            string.Create(CultureInfo.InvariantCulture,
                $"{policies} Pro policies on one token{(scale != 1 ? $" (scaled down by BENCH_SCALE={scale})" : string.Empty)}, all due at 03:00; client and simulator at 250/min and 5,000/h. " +
                $"429s received: **{tooMany}** (target 0). Makespan, tick -> last snapshot POST: **{makespan.TotalMinutes:0.0} min** (fake clock), " +
                $"against a bound of {bound.TotalMinutes:0.0} min for the {needed} requests that must precede the last POST (the first 250 at once, then 250/min) " +
                $"— {(makespan.TotalMinutes / Math.Max(bound.TotalMinutes, 0.01) - 1) * 100:+0;-0} % (target within 10 %). Requests until the last POST: {byOperation}. " +
                $"Real time for the run after the tick: {wall.Elapsed.TotalSeconds:0} s."));
    }

    private static List<Simulator.Requests.RequestLogEntry> Posts(OperatorHarness harness) =>
        harness.SimulatorState.Requests.Entries().Where(e => e.Operation == "snapshot_droplet" && e.StatusCode == 201).ToList();
}
