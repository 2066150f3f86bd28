using System.Diagnostics;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Lifecycle;

/// <summary>
/// Measurements, printed to the test output (no timed assertions): DigitalOcean requests per completed backup at several
/// snapshot durations (fake clock; requests counted from the simulator's request log), and the real time from creating a
/// Backup to its snapshot POST. Run: <c>dotnet test --filter FullyQualifiedName~RequestBudgetMeasurements --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class RequestBudgetMeasurements(ITestOutputHelper output)
{
    private const int BackupsPerDuration = 5;

    [Theory]
    [InlineData(6.0)]     // 5 GB used: 30 s per snapshot
    [InlineData(60.0)]    // 5 min
    [InlineData(240.0)]   // 20 min
    [InlineData(600.0)]   // 50 min
    public async Task Requests_per_completed_backup(double secondsPerGigabyte)
    {
        await using var harness = await OperatorHarness.StartAsync(output: null, o => o.Simulator = new() { SecondsPerGigabyte = secondsPerGigabyte, MinActionSeconds = 10, RandomSeed = 1 });
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await harness.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        await harness.SettleAsync();

        var perBackup = new List<int>();
        var postLatencies = new List<double>();
        for (var i = 1; i <= BackupsPerDuration; i++)
        {
            var before = harness.TotalRequests;
            var posts = harness.RequestCount("snapshot_droplet");
            var watch = Stopwatch.StartNew();
            await harness.CreateBackupAsync(ns, $"manual-{i}", "shop");
            await harness.WaitForAsync(_ => Task.FromResult(harness.RequestCount("snapshot_droplet") > posts), because: $"the POST of manual-{i}");
            postLatencies.Add(watch.Elapsed.TotalMilliseconds);
            await harness.AdvanceUntilBackupAsync(ns, $"manual-{i}", LifecycleSteps.IsAvailable, step: TimeSpan.FromSeconds(10), max: TimeSpan.FromHours(3));
            await harness.SettleAsync();
            perBackup.Add(harness.TotalRequests - before);
        }

        var duration = TimeSpan.FromSeconds(Math.Max(10, 5 * secondsPerGigabyte));
        perBackup.Order().ToList().Should().HaveCount(BackupsPerDuration);
        var sorted = perBackup.Order().ToList();
        output.WriteLine(
            $"snapshot duration {duration}: DigitalOcean requests per completed backup median {sorted[sorted.Count / 2]}, max {sorted[^1]} " +
            $"(each: {string.Join(", ", perBackup)}); Backup create -> snapshot POST median {postLatencies.Order().ElementAt(postLatencies.Count / 2):0} ms, " +
            $"max {postLatencies.Max():0} ms (real time, in-process)");
    }
}
