using Backups.Operator.Api;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>One DigitalOcean action per droplet, run by the operator itself: the queue, locked droplets and restores.</summary>
public sealed class BackupDropletQueueTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_manual_backups_of_one_droplet_go_one_at_a_time_oldest_first_with_no_POST_answered_422()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        for (var i = 0; i < 10; i++)
        {
            await harness.CreateBackupAsync(ns, $"manual-{i}", "shop");
        }

        // Before any clock movement the later ones say where they stand.
        var queued = await harness.WaitForBackupAsync(ns, "manual-9",
            b => b.Status?.Message?.Contains("position", StringComparison.Ordinal) == true && !b.Status.Message.Contains("position 1 ", StringComparison.Ordinal), because: "manual-9 to report its queue position");
        queued.Status.Reason.Should().Be(Reasons.Queued);
        queued.Status.Message.Should().Contain("on droplet").And.Contain("manual-", "it names the Backup ahead of it");

        await harness.AdvanceUntilAsync(
            async token => (await harness.Backups.ListAsync(ns, null, token)).Items.All(b => BackupScenario.IsPhase(b, BackupPhase.Available)),
            TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), because: "all ten backups to be Available");

        var posts = harness.SimulatorState.Requests.Entries().Where(e => e.Operation == "snapshot_droplet").ToList();
        posts.Where(e => e.StatusCode == 422).Should().BeEmpty();
        posts.Should().HaveCount(10);
        var all = (await harness.Backups.ListAsync(ns, null, CancellationToken.None)).Items;
        all.OrderBy(b => b.Status.StartedAt).Select(b => b.Metadata.Name).Should().Equal(Enumerable.Range(0, 10).Select(i => $"manual-{i}"),
            "the oldest Backup goes first (same creation second: then by name)");
    }

    [Fact]
    public async Task A_backup_queued_for_long_requests_as_soon_as_the_backup_ahead_is_done_not_at_its_next_queue_retry()
    {
        // 50 GB at 12 s/GB: the first snapshot takes 10 minutes, so the second has waited long enough for its queue retry to
        // be 2 minutes (a quarter of the wait). Found by the kill campaign: queues drained at one Backup per droplet per ~2 min.
        var (harness, _) = await BackupScenario.StartAsync(output, o =>
        {
            o.DropletUsedGigabytes = [50];
            o.Simulator = new() { SecondsPerGigabyte = 12, MinActionSeconds = 10, RandomSeed = 42 };
        });
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "first", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "first", b => b.Status?.ActionId is not null, step: TimeSpan.FromSeconds(1), max: TimeSpan.FromMinutes(1));
        await harness.CreateBackupAsync(ns, "second", "shop");

        await harness.AdvanceUntilBackupAsync(ns, "first", b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromSeconds(5));

        var second = await harness.AdvanceUntilBackupAsync(ns, "second", b => b.Status?.ActionId is not null, step: TimeSpan.FromSeconds(1),
            max: TimeSpan.FromSeconds(15), because: "the droplet freed up when the first Backup became Available");
        (second.Status.StartedAt!.Value - second.Metadata.CreationTimestamp!.Value).Should().BeGreaterThan(TimeSpan.FromMinutes(8),
            "it waited in the queue while the first was in flight, so its queue retry had grown to 2 minutes");
        harness.RequestCount("snapshot_droplet").Should().Be(2);
    }

    [Fact]
    public async Task A_locked_droplet_keeps_the_backup_Queued_until_DigitalOcean_unlocks_it()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        harness.SimulatorState.SetLocked(harness.DropletId, true);

        await harness.CreateBackupAsync(ns, "now", "shop");
        await harness.AdvanceAsync(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(10));
        var waiting = await harness.Backups.GetAsync(ns, "now", CancellationToken.None);
        waiting!.Status.Phase.Should().Be(BackupPhase.Creating);
        waiting.Status.Reason.Should().Be(Reasons.Queued);
        waiting.Status.Message.Should().Contain("locked");
        harness.RequestCount("snapshot_droplet").Should().Be(0);

        harness.SimulatorState.SetLocked(harness.DropletId, false);
        await harness.AdvanceUntilBackupAsync(ns, "now", b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromSeconds(10));
        harness.RequestCount("snapshot_droplet").Should().Be(1);
    }

    [Fact]
    public async Task Deleting_a_backup_waits_for_the_restore_running_from_it()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o => o.DropletUsedGigabytes = [20]);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "golden", "shop");
        var golden = await harness.AdvanceUntilBackupAsync(ns, "golden", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.CreateRestoreAsync(ns, "rollback", "golden", harness.DropletId, preRestoreBackup: false);
        await harness.AdvanceUntilBackupAsync(ns, "golden", b => BackupScenario.IsPhase(b, BackupPhase.Restoring), step: TimeSpan.FromSeconds(1), max: TimeSpan.FromMinutes(10));

        await harness.Backups.DeleteAsync(ns, "golden", null, CancellationToken.None);
        var held = await harness.AdvanceUntilBackupAsync(ns, "golden", b => b.Status?.Reason == "WaitingForRestore", step: TimeSpan.FromSeconds(1), max: TimeSpan.FromMinutes(1));
        held.Status.Message.Should().Contain("rollback");
        harness.SnapshotsOfDroplet(harness.DropletId).Should().Contain(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == golden.Status.SnapshotId);
        harness.RequestCount("delete_snapshot").Should().Be(0);

        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "golden");
        var restore = await harness.Restores.GetAsync(ns, "rollback", CancellationToken.None);
        restore!.Status.Phase.Should().Be(RestorePhase.Succeeded, "the snapshot was deleted only after the rebuild ended");
        harness.SnapshotsOfDroplet(harness.DropletId).Should().BeEmpty();
    }
}
