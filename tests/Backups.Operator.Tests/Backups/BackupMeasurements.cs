using System.Diagnostics;
using System.Globalization;
using Backups.Operator.Api;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>
/// Measurements, printed (never asserted as timings): DigitalOcean requests per completed backup at several snapshot
/// durations — the first backup of a droplet polls from the disk-size estimate, later ones from the learned duration —
/// and the real time from creating a Backup to its snapshot POST. Run with
/// <c>dotnet test --filter FullyQualifiedName~BackupMeasurements --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class BackupMeasurements(ITestOutputHelper output)
{
    [Fact]
    public async Task Requests_per_completed_backup_at_several_snapshot_durations()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var lines = new List<string>();

        // The harness simulator takes 6 s per used GB, at least 10 s.
        foreach (var usedGigabytes in new[] { 1.0, 5, 50, 150 })
        {
            var droplet = harness.AddDroplet(usedGigabytes, diskGigabytes: 160);
            var policy = $"p{(int)usedGigabytes}";
            await BackupScenario.CreateQuietPolicyAsync(harness, ns, policy, dropletId: droplet.Id);
            var perBackup = new List<int>();
            var breakdown = string.Empty;
            for (var i = 0; i < 5; i++)
            {
                var before = harness.TotalRequests;
                var countsBefore = harness.SimulatorState.Requests.Counts().ToDictionary(c => c.Key, c => c.Value.Total);
                var name = $"{policy}-{i}";
                await harness.CreateBackupAsync(ns, name, policy);
                await harness.AdvanceUntilBackupAsync(ns, name, b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromSeconds(5), max: TimeSpan.FromHours(1));
                perBackup.Add(harness.TotalRequests - before);
                breakdown = string.Join(" ", harness.SimulatorState.Requests.Counts()
                    .Select(c => (c.Key, Delta: c.Value.Total - countsBefore.GetValueOrDefault(c.Key)))
                    .Where(c => c.Delta > 0)
                    .Select(c => $"{c.Key}={c.Delta}"));
                harness.Time.Advance(TimeSpan.FromMinutes(1));
            }

            var sorted = perBackup.Order().ToList();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"snapshot {Math.Max(10, usedGigabytes * 6),5:0} s: requests per backup {string.Join(",", perBackup)} (first = disk estimate); median {sorted[sorted.Count / 2]}, max {sorted[^1]}; last: {breakdown}"));
            perBackup.Should().OnlyContain(n => n >= 4, "GET droplet, POST snapshot, at least one poll and the snapshot lookup");
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
    }

    [Fact]
    public async Task Real_time_from_creating_a_backup_to_its_snapshot_POST()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var samples = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var droplet = harness.AddDroplet(1);
            await BackupScenario.CreateQuietPolicyAsync(harness, ns, $"latency-{i}", dropletId: droplet.Id);
            await harness.SettleAsync();
            var posts = harness.RequestCount("snapshot_droplet");
            var watch = Stopwatch.StartNew();
            await harness.CreateBackupAsync(ns, $"latency-{i}-now", $"latency-{i}");
            await harness.WaitForAsync(_ => Task.FromResult(harness.RequestCount("snapshot_droplet") > posts), because: "the snapshot POST");
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"create Backup -> snapshot POST (in-process, real time): median {samples[samples.Count / 2]:0} ms, max {samples[^1]:0} ms over {samples.Count}"));
        samples.Should().HaveCount(5);
    }
}
