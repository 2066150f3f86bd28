using System.Diagnostics;
using System.Globalization;
using Backups.Operator.Tests.Harness;

namespace Backups.Operator.Benchmarks;

/// <summary>
/// (c) 2,000 Pro policies on one shared token, all due at the same 03:00 tick, on the fake clock with DigitalOcean's real
/// limits (client and simulator: 250/min, 5,000/h): the 429s the operator received and the makespan from the tick to the
/// last snapshot POST, against the bound both windows set for the requests that must precede the last POST
/// (<see cref="Bound"/>: the requests already counted in the hour before the tick included).
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
        var inHourBefore = harness.SimulatorState.Requests.Entries().Take(beforeTick).Where(e => e.Time > tick - TimeSpan.FromHours(1)).Select(e => e.Time).ToList();
        var bound = Bound(inHourBefore, tick, needed);
        var byOperation = string.Join(", ", afterTick.Where(e => e.Time <= posts.Max(p => p.Time)).GroupBy(e => e.Operation).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        var lastPost = posts.Max(p => p.Time);
        var perMinute = string.Join(", ", afterTick.Where(e => e.Time <= lastPost).GroupBy(e => (int)(e.Time - tick).TotalMinutes).OrderBy(g => g.Key).Select(g => $"{g.Count()} ({g.Count(e => e.Operation == "get_droplet")} GET droplet, {g.Count(e => e.Operation == "snapshot_droplet")} POST)"));
        report.Add("(c) Policies on one shared token due at one tick",
            string.Create(CultureInfo.InvariantCulture,
                $"{policies} Pro policies on one token{(scale != 1 ? $" (scaled down by BENCH_SCALE={scale})" : string.Empty)}, all due at 03:00; client and simulator at 250/min and 5,000/h. " +
                $"429s received: **{tooMany}** (target 0). Makespan, tick -> last snapshot POST: **{makespan.TotalMinutes:0.0} min** (fake clock), " +
                $"against a bound of {bound.TotalMinutes:0.0} min: the earliest both windows (250/min and 5,000/h, sliding) let the {needed} requests that must precede the last POST through, " +
                $"{inHourBefore.Count} requests of the hour before the tick still counting " +
                $"— {(makespan.TotalMinutes / Math.Max(bound.TotalMinutes, 0.01) - 1) * 100:+0;-0} % (target within 10 %). Requests until the last POST: {byOperation}. " +
                $"Requests per minute from the tick to the last POST: {perMinute}. Real time for the run after the tick: {wall.Elapsed.TotalSeconds:0} s."));
    }

    /// <summary>
    /// When the last of <paramref name="needed"/> requests sent from <paramref name="tick"/> on, each as early as both sliding
    /// windows allow (250 per minute, 5,000 per hour, each request counting for one window length after it was sent), can be
    /// sent, given the requests <paramref name="before"/> the tick that still count: the bound no scheduler can beat.
    /// </summary>
    internal static TimeSpan Bound(IEnumerable<DateTimeOffset> before, DateTimeOffset tick, int needed, int perMinute = 250, int perHour = 5000)
    {
        var sent = before.Where(t => t <= tick).OrderBy(t => t).ToList();
        var at = tick;
        for (var k = 0; k < needed; k++)
        {
            at = Max(at, EarliestUnder(sent, at, perMinute, TimeSpan.FromMinutes(1)));
            at = Max(at, EarliestUnder(sent, at, perHour, TimeSpan.FromHours(1)));
            at = Max(at, EarliestUnder(sent, at, perMinute, TimeSpan.FromMinutes(1)));
            sent.Add(at);
        }

        return needed == 0 ? TimeSpan.Zero : at - tick;
    }

    /// <summary>The earliest time at or after <paramref name="at"/> when fewer than <paramref name="limit"/> of the sorted <paramref name="sent"/> count in a window of <paramref name="length"/>.</summary>
    private static DateTimeOffset EarliestUnder(List<DateTimeOffset> sent, DateTimeOffset at, int limit, TimeSpan length)
    {
        // Requests counting at `at` are those with time > at - length; with c of them, the (c - limit)-th must leave first.
        var first = sent.BinarySearch(at - length);
        first = first < 0 ? ~first : UpperBound(sent, at - length);
        var counting = sent.Count - first;
        return counting < limit ? at : Max(at, sent[first + counting - limit] + length);
    }

    private static int UpperBound(List<DateTimeOffset> sorted, DateTimeOffset value)
    {
        var index = sorted.BinarySearch(value);
        while (index < sorted.Count && sorted[index] <= value)
        {
            index++;
        }

        return index;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static List<Simulator.Requests.RequestLogEntry> Posts(OperatorHarness harness) =>
        harness.SimulatorState.Requests.Entries().Where(e => e.Operation == "snapshot_droplet" && e.StatusCode == 201).ToList();
}
