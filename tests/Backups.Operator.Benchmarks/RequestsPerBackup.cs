using System.Globalization;
using System.Text;
using Backups.Operator.Api;
using Backups.Operator.Tests.Harness;

namespace Backups.Operator.Benchmarks;

/// <summary>
/// (a) DigitalOcean requests per completed backup at 1, 5, 15, 30 and 60-minute snapshots, on the fake clock: the first
/// backup of a droplet (no history: the first poll comes from the disk-size estimate) and the next ones (history: the
/// learned duration), against a fixed 5-second poller and the minimum of 3 (POST, one poll, the snapshot lookup).
/// </summary>
internal static class RequestsPerBackup
{
    private const int BackupsPerDuration = 5;
    private const double SecondsPerGigabyte = 60;

    public static async Task RunAsync(Report report)
    {
        var table = new StringBuilder();
        table.AppendLine("| snapshot | no history (1st backup) | with history: median (each) | fixed 5 s poller | minimum | target |");
        table.AppendLine("|---|---|---|---|---|---|");
        var breakdowns = new StringBuilder();
        foreach (var minutes in new[] { 1, 5, 15, 30, 60 })
        {
            var usedGigabytes = minutes * 60 / SecondsPerGigabyte;
            var diskGigabytes = (int)Math.Max(25, usedGigabytes * 2);
            await using var harness = await OperatorHarness.StartAsync(output: null, o =>
            {
                o.Simulator = new() { SecondsPerGigabyte = SecondsPerGigabyte, MinActionSeconds = 10, RandomSeed = 1 };
            });
            var droplet = harness.AddDroplet(usedGigabytes, diskGigabytes: diskGigabytes);
            var ns = await harness.CreateNamespaceWithTokenAsync();
            await harness.CreatePolicyAsync(ns, "shop", droplet.Id, configure: s => s.Suspend = true);
            await harness.SettleAsync();

            var perBackup = new List<int>();
            var step = TimeSpan.FromSeconds(Math.Clamp(minutes * 60 / 120, 5, 30));
            for (var i = 1; i <= BackupsPerDuration; i++)
            {
                var before = harness.SimulatorState.Requests.Counts().ToDictionary(c => c.Key, c => c.Value.Total);
                var total = harness.TotalRequests;
                await harness.CreateBackupAsync(ns, $"manual-{i}", "shop");
                await harness.AdvanceUntilBackupAsync(ns, $"manual-{i}", b => b.Status?.Phase == BackupPhase.Available, step: step, max: TimeSpan.FromHours(3));
                await harness.SettleAsync();
                perBackup.Add(harness.TotalRequests - total);
                if (i == BackupsPerDuration)
                {
                    breakdowns.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {minutes} min, backup {i}: ") + string.Join(", ", harness.SimulatorState.Requests.Counts()
                        .Select(c => (c.Key, Delta: c.Value.Total - before.GetValueOrDefault(c.Key)))
                        .Where(c => c.Delta > 0)
                        .Select(c => $"{c.Key} {c.Delta}")));
                }

                harness.Time.Advance(TimeSpan.FromMinutes(1));
            }

            var history = perBackup.Skip(1).Order().ToList();
            var fixedPoller = 3 + (int)Math.Ceiling(minutes * 60 / 5.0);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {minutes} min | {perBackup[0]} | {history[history.Count / 2]} ({string.Join(", ", perBackup.Skip(1))}) | {fixedPoller} | 3 | ≤ 4 with history, ≤ 6 without |");
        }

        report.Add("(a) DigitalOcean requests per completed backup",
            table + "\n" +
            "Counted from the simulator's request log per Backup, from create to Available, fake clock; the simulator takes " +
            $"{SecondsPerGigabyte:0} s per used GB. Each includes the droplet GET before the POST. The fixed 5 s poller is " +
            "GET droplet + POST + one GET every 5 s + the snapshot lookup (what doctl/Terraform do). Requests of the last backup by operation:\n\n" +
            breakdowns);
    }
}
