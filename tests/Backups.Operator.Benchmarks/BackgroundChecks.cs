using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Backups.Operator.Api;
using Backups.Operator.Tests.Harness;
using k8s.Models;

namespace Backups.Operator.Benchmarks;

/// <summary>
/// (e) Background checks against one token's budget: N policies × 20 Available Backups on one shared token (50,000 Backups
/// = 2,500 policies at full scale), the operator started on them as after a restart (policies Ready, no
/// <c>status.lastSnapshotCheckAt</c> yet), over one check interval (6 h) of fake time with the client's real limits
/// (250/min, 5,000/h): the check requests per hour against the hourly budget (target ≤ 20 %), and the apply → snapshot
/// POST time of due backups applied on the hour while the checks run (target: not delayed). docs/design.md, "Snapshot checks".
/// </summary>
internal static class BackgroundChecks
{
    private const int BackupsPerPolicy = 20;
    private const int DuePolicies = 6;
    private const int HourlyBudget = 5000;
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);
    private static readonly string[] CheckOperations = ["get_droplet", "list_droplet_snapshots", "get_snapshot"];

    public static async Task RunAsync(Report report, double scale)
    {
        var policies = Math.Max(1, (int)(2500 / scale));
        var start = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var wall = Stopwatch.StartNew();
        await using var h = await OperatorHarness.StartAsync(output: null, o =>
        {
            o.StartTime = start;
            o.StartOperator = false;
            o.ServeEndpoints = false;

            // The simulator does not limit the seeding below; the operator's own client keeps 250/min and 5,000/h.
            o.Simulator = new() { SecondsPerGigabyte = 1, MinActionSeconds = 1, RandomSeed = 11, RateLimitPerMinute = 10_000_000, RateLimitPerHour = 100_000_000, RequestLogCapacity = 2_000_000 };
            o.DropletUsedGigabytes = [1];
        });
        var ns = await h.CreateNamespaceWithTokenAsync("shared");
        var droplets = Enumerable.Range(0, policies).Select(_ => h.AddDroplet(usedGigabytes: 1, diskGigabytes: 25)).ToList();
        var dueDroplets = Enumerable.Range(0, DuePolicies).Select(_ => h.AddDroplet(usedGigabytes: 1, diskGigabytes: 25)).ToList();
        await SeedSnapshotsAsync(h, droplets);
        var ids = h.AllSnapshots().ToDictionary(s => s.Name, s => s.Id.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var readyPatch = new V1Patch(
            $$$"""{"status":{"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"Reconciled","message":"seeded","observedGeneration":1,"lastTransitionTime":"{{{Stamp(start)}}}"}]}}""",
            V1Patch.PatchType.MergePatch);
        await ForEachAsync(Enumerable.Range(0, policies + DuePolicies), async i =>
        {
            var name = PolicyName(i);
            var droplet = i < policies ? droplets[i].Id : dueDroplets[i - policies].Id;
            await h.CreatePolicyAsync(ns, name, droplet, configure: s => s.Suspend = true);
            await h.Policies.PatchStatusAsync(ns, name, readyPatch, CancellationToken.None);
        });
        await ForEachAsync(Enumerable.Range(0, policies * BackupsPerPolicy), async k =>
        {
            var (i, j) = (k / BackupsPerPolicy, k % BackupsPerPolicy);
            var name = $"{PolicyName(i)}-b{j:00}";
            var snapshot = SnapshotName(i, j);
            await h.CreateBackupAsync(ns, name, PolicyName(i), configure: b => b.Metadata.Finalizers = [ApiConstants.SnapshotCleanupFinalizer]);
            await h.Backups.PatchStatusAsync(ns, name, new V1Patch(
                $$$"""{"status":{"phase":"Available","dropletId":{{{droplets[i].Id}}},"deletionPolicy":"Delete","snapshotName":"{{{snapshot}}}","snapshotId":"{{{ids[snapshot]}}}","startedAt":"{{{Stamp(start)}}}","completedAt":"{{{Stamp(start)}}}","sizeGigabytes":1}}""",
                V1Patch.PatchType.MergePatch), CancellationToken.None);
        });
        var seeding = wall.Elapsed;

        h.SimulatorState.Requests.Reset();
        wall.Restart();
        await h.StartOperatorAsync();

        // The start-up reconciles of every object (real time, no DigitalOcean request) finish before the clock moves, so
        // that a slow machine does not show up as fake-clock delays of the checks or of the due backups.
        await h.SettleAsync(TimeSpan.FromMinutes(15));
        var startup = wall.Elapsed;
        var applied = new List<(string Backup, long Droplet, DateTimeOffset At)>();
        for (var hour = 0; hour < (int)Interval.TotalHours; hour++)
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
            var name = $"due-{hour}";
            var at = h.Time.GetUtcNow();
            await h.CreateBackupAsync(ns, name, PolicyName(policies + hour));
            applied.Add((name, dueDroplets[hour].Id, at));
            await h.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
        }

        var log = h.SimulatorState.Requests.Entries();
        var dueIds = dueDroplets.Select(d => d.Id.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var checks = log.Where(e => CheckOperations.Contains(e.Operation) && !dueIds.Any(id => e.Path.Contains($"/{id}", StringComparison.Ordinal))).ToList();
        var perHour = Enumerable.Range(0, (int)Interval.TotalHours).Select(hr => checks.Count(e => e.Time >= start.AddHours(hr) && e.Time < start.AddHours(hr + 1))).ToList();
        var firstTen = checks.Count(e => e.Time < start.AddMinutes(10));
        var delays = applied.Select(a => (a.Backup, Delay: log.Where(e => e.Operation == "snapshot_droplet" && e.StatusCode == 201 && e.Path.Contains($"/{a.Droplet}/", StringComparison.Ordinal))
            .Select(e => e.Time - a.At).DefaultIfEmpty(TimeSpan.MaxValue).Min())).ToList();
        var byOperation = string.Join(", ", checks.GroupBy(e => e.Operation).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        var max = perHour.Max();
        var mean = perHour.Average();
        var extrapolated = scale != 1
            ? string.Create(CultureInfo.InvariantCulture, $"; × {scale} for the full {2500 * BackupsPerPolicy} Backups: max {max * scale:0}/h = {max * scale * 100 / HourlyBudget:0.0} %")
            : string.Empty;
        var scaled = scale != 1 ? string.Create(CultureInfo.InvariantCulture, $" (scaled down by BENCH_SCALE={scale})") : string.Empty;
        var posts = string.Join(", ", delays.Select(d => d.Delay == TimeSpan.MaxValue ? "not POSTed" : string.Create(CultureInfo.InvariantCulture, $"{d.Delay.TotalSeconds:0} s")));
        report.Add("(e) Background checks against one token's budget",
            string.Create(CultureInfo.InvariantCulture,
                $"{policies} policies × {BackupsPerPolicy} Available Backups = {policies * BackupsPerPolicy} Backups on one token{scaled}, " +
                $"operator started on them as after a restart (policies Ready, no status.lastSnapshotCheckAt), over one check interval (6 h, fake clock), client at 250/min and 5,000/h. " +
                $"Check requests per hour: **max {max}, mean {mean:0}** = **{max * 100.0 / HourlyBudget:0.0} %** of the 5,000/h budget at most (target ≤ 20 %){extrapolated}. Per hour: {string.Join(", ", perHour)}; in the first 10 minutes after start: {firstTen}. Requests by operation: {byOperation} " +
                $"(no GET per Backup: one droplet GET and one snapshot list per policy per interval). " +
                $"Due backups applied at half past each hour while the checks ran, apply -> snapshot POST (fake clock): " +
                $"{posts} (target: not delayed). " +
                $"Real time: seeding {seeding.TotalSeconds:0} s, operator start to idle {startup.TotalSeconds:0} s, the 6 h of checks {(wall.Elapsed - startup).TotalSeconds:0} s."));
    }

    private static string PolicyName(int i) => $"p{i:0000}";

    private static string SnapshotName(int policy, int backup) => $"seed-p{policy:0000}-b{backup:00}";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>20 snapshots per droplet, one action per droplet at a time (as DigitalOcean runs them), all droplets at once.</summary>
    private static async Task SeedSnapshotsAsync(OperatorHarness h, IReadOnlyList<Simulator.State.SimulatedDroplet> droplets)
    {
        using var http = new HttpClient { BaseAddress = h.Simulator.BaseUrl };
        for (var j = 0; j < BackupsPerPolicy; j++)
        {
            var round = j;
            await ForEachAsync(Enumerable.Range(0, droplets.Count), async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/droplets/{droplets[i].Id}/actions")
                {
                    Content = JsonContent.Create(new { type = "snapshot", name = SnapshotName(i, round) }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", h.Token);
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
            });
            h.Time.Advance(TimeSpan.FromSeconds(5));
            var expected = (round + 1) * droplets.Count;
            await h.WaitForAsync(_ => Task.FromResult(h.AllSnapshots().Count >= expected), TimeSpan.FromMinutes(2), because: $"{expected} seeded snapshots");
        }
    }

    private static Task ForEachAsync(IEnumerable<int> items, Func<int, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await body(i));
}
