using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Controllers.Backups;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.State;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>
/// A snapshot request whose outcome is unknown: it is adopted only by its snapshot name, never through someone else's
/// action, and requested again only when DigitalOcean shows no trace of it, whatever order and delay its action list has.
/// </summary>
public sealed class BackupAdoptionTests(ITestOutputHelper output)
{
    private static async Task<long> PostSnapshotAsync(OperatorHarness harness, long dropletId, string name)
    {
        using var http = new HttpClient { BaseAddress = harness.Simulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/droplets/{dropletId}/actions")
        {
            Content = new StringContent($$"""{"type":"snapshot","name":"{{name}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", harness.Token);
        using var response = await http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("action").GetProperty("id").GetInt64();
    }

    private static Task WriteIntentAsync(OperatorHarness harness, string ns, string name, string snapshotName)
    {
        var now = harness.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return harness.Backups.PatchStatusAsync(ns, name, new V1Patch(
            $$$"""{"status":{"phase":"Creating","dropletId":{{{harness.DropletId}}},"deletionPolicy":"Delete","snapshotName":"{{{snapshotName}}}","startedAt":"{{{now}}}"}}""",
            V1Patch.PatchType.MergePatch), CancellationToken.None);
    }

    [Fact]
    public async Task Another_snapshot_action_on_the_droplet_is_never_adopted_and_the_backup_gets_its_own_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o =>
        {
            o.StartOperator = false;
            o.DropletUsedGigabytes = [40];
        });
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        var backup = await harness.CreateBackupAsync(ns, "mine", "shop");
        var name = BackupNames.Snapshot(ns, "mine", backup.Metadata.Uid);
        await WriteIntentAsync(harness, ns, "mine", name);
        // A snapshot action that is not ours (another Backup's, or a person's) starts right after our intent.
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await PostSnapshotAsync(harness, harness.DropletId, "someone-elses");

        await harness.StartOperatorAsync();
        var available = await harness.AdvanceUntilBackupAsync(ns, "mine", b => b.Status?.Phase is BackupPhase.Available or BackupPhase.Error, step: TimeSpan.FromSeconds(10));

        available.Status.Phase.Should().Be(BackupPhase.Available, available.Status.Message);
        available.Status.SnapshotName.Should().Be(name);
        var snapshots = harness.SnapshotsOfDroplet(harness.DropletId);
        snapshots.Should().ContainSingle(s => s.Name == "someone-elses", "the other snapshot is untouched");
        snapshots.Should().ContainSingle(s => s.Name == name).Which.Id.ToString(CultureInfo.InvariantCulture).Should().Be(available.Status.SnapshotId);
    }

    [Theory]
    [InlineData(ActionListOrder.NewestFirst, 1800, 0)]
    [InlineData(ActionListOrder.OldestFirst, 0, 60)]
    public async Task A_snapshot_request_that_landed_without_an_answer_is_never_POSTed_twice(ActionListOrder order, int listingDelaySeconds, int earlierActions)
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o =>
        {
            o.StartOperator = false;
            o.DropletUsedGigabytes = [40];
            // A first-poll estimate far below the real 240 s, so the intent's own timeout (2 min) passes while it runs.
            o.Configuration[$"{BackupsOperatorOptions.SectionName}:{nameof(BackupsOperatorOptions.FirstPollSecondsPerDiskGigabyte)}"] = "0.1";
        });
        await using var _h = harness;
        for (var i = 0; i < earlierActions; i++)
        {
            await PostSnapshotAsync(harness, harness.DropletId, $"earlier-{i}");
            harness.Time.Advance(TimeSpan.FromMinutes(5));
        }

        harness.SimulatorState.SetActionListing(order, TimeSpan.FromSeconds(listingDelaySeconds));
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.DropConnection, AfterCommit = true, Count = 1 });
        var before = harness.RequestCount("snapshot_droplet");
        await harness.StartOperatorAsync();
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        var backup = await harness.CreateBackupAsync(ns, "once", "shop");

        var done = await harness.AdvanceUntilBackupAsync(ns, "once", b => b.Status?.Phase is BackupPhase.Available or BackupPhase.Error, step: TimeSpan.FromSeconds(10));

        done.Status.Phase.Should().Be(BackupPhase.Available, done.Status.Message);
        harness.RequestCount("snapshot_droplet").Should().Be(before + 1, "the snapshot is POSTed once");
        var name = BackupNames.Snapshot(ns, "once", backup.Metadata.Uid);
        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle(s => s.Name == name);
    }

    [Fact]
    public async Task An_intent_written_right_after_another_backup_of_the_droplet_finished_is_requested_again_at_its_own_timeout()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o => o.StartOperator = false);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        // Another Backup of the droplet: its snapshot (about 30 s for 5 GB) completed, its action id recorded in its status.
        var startedFirst = harness.Time.GetUtcNow();
        var firstAction = await PostSnapshotAsync(harness, harness.DropletId, "first-snapshot");
        harness.Time.Advance(TimeSpan.FromSeconds(40));
        var firstSnapshot = harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle(s => s.Name == "first-snapshot").Subject;
        await harness.CreateBackupAsync(ns, "first", "shop");
        await harness.Backups.PatchStatusAsync(ns, "first", new V1Patch(
            $$$"""{"status":{"phase":"Available","dropletId":{{{harness.DropletId}}},"deletionPolicy":"Delete","snapshotName":"first-snapshot","snapshotId":"{{{firstSnapshot.Id}}}","actionId":{{{firstAction}}},"startedAt":"{{{Stamp(startedFirst)}}}","completedAt":"{{{Stamp(harness.Time.GetUtcNow())}}}"}}""",
            V1Patch.PatchType.MergePatch), CancellationToken.None);

        // The operator died right after writing the next Backup's intent, before its POST.
        var second = await harness.CreateBackupAsync(ns, "second", "shop");
        var name = BackupNames.Snapshot(ns, "second", second.Metadata.Uid);
        var intentAt = harness.Time.GetUtcNow();
        await WriteIntentAsync(harness, ns, "second", name);

        await harness.StartOperatorAsync();
        var done = await harness.AdvanceUntilBackupAsync(ns, "second", b => b.Status?.Phase is BackupPhase.Available or BackupPhase.Error, step: TimeSpan.FromSeconds(10));

        done.Status.Phase.Should().Be(BackupPhase.Available, done.Status.Message);
        done.Status.SnapshotName.Should().Be(name);
        harness.RequestCount("snapshot_droplet").Should().Be(2, "the second Backup is POSTed once");
        // The first Backup's action is not evidence for the second: it is requested again at its intent's own timeout,
        // not held until that action leaves the snapshot listing grace.
        (done.Status.StartedAt!.Value - intentAt).Should().BeLessThan(BackupReconciler.AdoptionGrace + TimeSpan.FromMinutes(1),
            "the first Backup's recorded action is not a trace of the second's request");
        harness.SnapshotsOfDroplet(harness.DropletId).Where(s => s.Name == name).Should().ContainSingle();
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
