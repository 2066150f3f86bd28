using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Simulator.Faults;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>Crash leftovers and ownership: what the controller does with status it finds after a restart.</summary>
public sealed class BackupRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_intent_whose_POST_never_reached_DigitalOcean_is_requested_once_after_the_grace_period()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o => o.StartOperator = false);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        var backup = await harness.CreateBackupAsync(ns, "interrupted", "shop");
        var name = BackupNames.Snapshot(ns, "interrupted", backup.Metadata.Uid);
        var now = harness.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // A crash right after the intent was written, before the POST was sent.
        await harness.Backups.PatchStatusAsync(ns, "interrupted", new V1Patch(
            $$$"""{"status":{"phase":"Creating","dropletId":{{{harness.DropletId}}},"deletionPolicy":"Delete","snapshotName":"{{{name}}}","startedAt":"{{{now}}}"}}""",
            V1Patch.PatchType.MergePatch), CancellationToken.None);

        await harness.StartOperatorAsync();
        var available = await harness.AdvanceUntilBackupAsync(ns, "interrupted", b => BackupScenario.IsPhase(b, BackupPhase.Available));

        harness.RequestCount("snapshot_droplet").Should().Be(1);
        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Which.Name.Should().Be(name);
        available.Status.SnapshotName.Should().Be(name);
        (available.Status.StartedAt!.Value - harness.Time.GetUtcNow()).Duration().Should().BeLessThan(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task An_operator_killed_between_the_snapshot_POST_and_the_status_write_makes_exactly_one_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");

        // The POST takes effect in DigitalOcean but its response never arrives (held on the fake clock, which stays still).
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.Slow, DelaySeconds = 3600, AfterCommit = true, Count = 1 });
        await harness.CreateBackupAsync(ns, "crashy", "shop");
        await harness.WaitForAsync(
            _ => Task.FromResult(harness.SimulatorState.ListActionsOfDroplet(harness.DropletId).Any(a => a.Type == "snapshot")),
            because: "the snapshot action to exist in DigitalOcean");
        var inFlight = await harness.Backups.GetAsync(ns, "crashy", CancellationToken.None);
        inFlight!.Status?.ActionId.Should().BeNull("the action id was never written");
        inFlight.Status!.SnapshotName.Should().NotBeNull("the intent (the deterministic name) is written before the POST");

        await harness.StopOperatorAsync(kill: true);
        harness.SimulatorState.Faults.Clear();
        await harness.StartOperatorAsync();

        var backup = await harness.AdvanceUntilBackupAsync(ns, "crashy", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        harness.RequestCount("snapshot_droplet").Should().Be(1);
        harness.SimulatorState.ListActionsOfDroplet(harness.DropletId).Count(a => a.Type == "snapshot").Should().Be(1);
        var snapshot = harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Subject;
        backup.Status.SnapshotId.Should().Be(snapshot.Id.ToString(CultureInfo.InvariantCulture));
        backup.Status.SnapshotName.Should().Be(inFlight.Status.SnapshotName).And.Be(snapshot.Name);
    }

    [Fact]
    public async Task After_a_restart_a_snapshot_in_progress_is_polled_at_its_persisted_expected_completion()
    {
        // 10 GB used at the simulator's 6 s/GB: the snapshot takes 60 s, and the first estimate (6 s per disk GB of 10 GB) says so.
        var (harness, _) = await BackupScenario.StartAsync(output, o => o.ConfigureBackups = b => b.FirstPollSecondsPerDiskGigabyte = 6);
        await using var _h = harness;
        var droplet = harness.AddDroplet(usedGigabytes: 10, diskGigabytes: 10);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop", dropletId: droplet.Id);
        await harness.CreateBackupAsync(ns, "in-flight", "shop");
        var requested = await harness.WaitForBackupAsync(ns, "in-flight", b => b.Status?.ActionId is not null && b.Status.ExpectedCompletionAt is not null,
            because: "the snapshot POST and its expected completion in status");
        var expectedAt = requested.Status.ExpectedCompletionAt!.Value;
        (expectedAt - requested.Status.StartedAt!.Value).Should().Be(TimeSpan.FromSeconds(60));

        // A restart forgets everything in memory (the droplet's disk size, the requeue timers); only status is left.
        await harness.RestartOperatorAsync(kill: true);
        var available = await harness.AdvanceUntilBackupAsync(ns, "in-flight", b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromSeconds(5));

        // Without the persisted time the restarted operator falls back to its 5-minute default before the first poll.
        harness.Time.GetUtcNow().Should().BeOnOrBefore(expectedAt + TimeSpan.FromSeconds(30), "the first poll after the restart is just after the persisted expected completion");
        available.Status.SnapshotName.Should().Be(requested.Status.SnapshotName);
        harness.RequestCount("snapshot_droplet").Should().Be(1);
    }

    [Fact]
    public async Task A_snapshot_of_another_droplet_is_never_deleted()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "blog", dropletId: harness.Droplets[1].Id);
        await harness.CreateBackupAsync(ns, "blog-1", "blog");
        var other = await harness.AdvanceUntilBackupAsync(ns, "blog-1", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        await harness.CreateBackupAsync(ns, "shop-1", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "shop-1", b => BackupScenario.IsPhase(b, BackupPhase.Available));

        // The shop backup's status is made to point at the blog droplet's snapshot (a corrupted or hostile status).
        await harness.StopOperatorAsync();
        await harness.Backups.PatchStatusAsync(ns, "shop-1", new V1Patch(
            $$$"""{"status":{"snapshotId":"{{{other.Status.SnapshotId}}}","snapshotName":null}}""", V1Patch.PatchType.MergePatch), CancellationToken.None);
        await harness.StartOperatorAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Backups.DeleteAsync(ns, "shop-1", null, CancellationToken.None);

        var refused = await harness.AdvanceUntilBackupAsync(ns, "shop-1",
            b => b.Status?.Conditions?.Any(c => c.Type == ConditionTypes.DeletionFailed && c.Reason == Reasons.NotOwner) == true,
            step: TimeSpan.FromSeconds(5));
        refused.Status.Conditions!.Single(c => c.Type == ConditionTypes.DeletionFailed).Message.Should().Contain($"not of droplet {harness.DropletId}");
        harness.SnapshotsOfDroplet(harness.Droplets[1].Id).Should().ContainSingle(s => s.Id.ToString(CultureInfo.InvariantCulture) == other.Status.SnapshotId);
    }
}
