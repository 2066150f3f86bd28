using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Tests.Backups;
using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Policies;

/// <summary>
/// The existence check of Available Backups by the policy's one paged snapshot list per check (docs/design.md,
/// "Snapshot checks"), end to end on the fake clock with the simulator.
/// </summary>
public sealed class SnapshotCheckTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_snapshot_deleted_outside_turns_only_its_Backup_to_Error_SnapshotMissing_through_the_policys_list_without_a_GET_per_Backup()
    {
        var (h, _) = await BackupScenario.StartAsync(output, o => o.ConfigureBackups = b => b.SnapshotCheckInterval = Interval);
        await using var _h = h;
        var ns = await h.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(h, ns, "shop");
        foreach (var name in new[] { "one", "two", "three" })
        {
            await h.CreateBackupAsync(ns, name, "shop");
        }

        await h.AdvanceUntilBackupAsync(ns, "one", b => BackupScenario.IsPhase(b, BackupPhase.Available), max: TimeSpan.FromHours(1));
        var gone = await h.AdvanceUntilBackupAsync(ns, "two", b => BackupScenario.IsPhase(b, BackupPhase.Available), max: TimeSpan.FromHours(1));
        await h.AdvanceUntilBackupAsync(ns, "three", b => BackupScenario.IsPhase(b, BackupPhase.Available), max: TimeSpan.FromHours(1));
        await BackupScenario.DeleteSnapshotBehindOurBackAsync(h, gone.Status.SnapshotId!);
        var listsBefore = h.RequestCount(DigitalOceanOperations.ListDropletSnapshots);

        var missing = await h.AdvanceUntilBackupAsync(ns, "two", b => BackupScenario.IsPhase(b, BackupPhase.Error), step: TimeSpan.FromMinutes(5), max: Interval * 2);

        missing.Status.Reason.Should().Be(Reasons.SnapshotMissing);
        missing.Status.Message.Should().Be(
            $"Snapshot {gone.Status.SnapshotName} ({gone.Status.SnapshotId}) no longer exists at DigitalOcean: it was deleted outside the operator. This backup cannot be restored; delete it and create a new one.");
        (await h.Backups.GetAsync(ns, "one", CancellationToken.None))!.Status!.Phase.Should().Be(BackupPhase.Available);
        (await h.Backups.GetAsync(ns, "three", CancellationToken.None))!.Status!.Phase.Should().Be(BackupPhase.Available);
        h.RequestCount(DigitalOceanOperations.GetSnapshot).Should().Be(0, "Available Backups are checked by the policy's list of its droplet's snapshots");
        h.RequestCount(DigitalOceanOperations.ListDropletSnapshots).Should().Be(listsBefore + 1, "one list of the droplet checks all three Backups");
        (await h.Policies.GetAsync(ns, "shop", CancellationToken.None))!.Status!.LastSnapshotCheckAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_failed_list_judges_no_Backup_and_the_next_complete_list_does()
    {
        var (h, _) = await BackupScenario.StartAsync(output, o => o.ConfigureBackups = b => b.SnapshotCheckInterval = Interval);
        await using var _h = h;
        var ns = await h.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(h, ns, "shop");
        await h.CreateBackupAsync(ns, "vanishing", "shop");
        var available = await h.AdvanceUntilBackupAsync(ns, "vanishing", b => BackupScenario.IsPhase(b, BackupPhase.Available), max: TimeSpan.FromHours(1));
        var fault = h.SimulatorState.Faults.Add(new FaultRule { Operation = DigitalOceanOperations.ListDropletSnapshots, Kind = FaultKind.HttpError, StatusCode = 503 });
        await BackupScenario.DeleteSnapshotBehindOurBackAsync(h, available.Status.SnapshotId!);
        var listsBefore = h.RequestCount(DigitalOceanOperations.ListDropletSnapshots);

        await h.AdvanceAsync(Interval * 3, TimeSpan.FromMinutes(5));

        h.RequestCount(DigitalOceanOperations.ListDropletSnapshots).Should().BeGreaterThan(listsBefore, "the checks ran and their lists failed");
        (await h.Backups.GetAsync(ns, "vanishing", CancellationToken.None))!.Status!.Phase.Should().Be(BackupPhase.Available, "a failed list says nothing about a snapshot");

        h.SimulatorState.Faults.Remove(fault.Id);
        var missing = await h.AdvanceUntilBackupAsync(ns, "vanishing", b => BackupScenario.IsPhase(b, BackupPhase.Error), step: TimeSpan.FromMinutes(1), max: TimeSpan.FromMinutes(30));
        missing.Status.Reason.Should().Be(Reasons.SnapshotMissing);
    }

    [Fact]
    public async Task A_restarted_operator_does_not_check_again_a_policy_whose_status_says_it_was_checked_recently()
    {
        var (h, _) = await BackupScenario.StartAsync(output);
        await using var _h = h;
        var interval = TimeSpan.FromHours(6);
        var ns = await h.CreateNamespaceWithTokenAsync();
        var policy = await BackupScenario.CreateQuietPolicyAsync(h, ns, "shop");
        await h.CreateBackupAsync(ns, "kept", "shop");
        await h.AdvanceUntilBackupAsync(ns, "kept", b => BackupScenario.IsPhase(b, BackupPhase.Available), max: TimeSpan.FromHours(1));
        var checkedAt = (await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Status?.LastSnapshotCheckAt is not null,
            because: "the policy's first check to record its snapshot list")).Status!.LastSnapshotCheckAt!.Value;
        await h.SettleAsync();
        var lists = h.RequestCount(DigitalOceanOperations.ListDropletSnapshots);
        var droplets = h.RequestCount(DigitalOceanOperations.GetDroplet);

        await h.RestartOperatorAsync();
        var expected = PolicyCheckMemory.NextAfterCheck(policy.Metadata.Uid, checkedAt, interval);
        await h.AdvanceToAsync(expected - TimeSpan.FromMinutes(1));

        h.RequestCount(DigitalOceanOperations.ListDropletSnapshots).Should().Be(lists, "the restart does not re-check a policy checked {0} ago", h.Time.GetUtcNow() - checkedAt);
        h.RequestCount(DigitalOceanOperations.GetDroplet).Should().Be(droplets);
        h.RequestCount(DigitalOceanOperations.GetSnapshot).Should().Be(0);
        (expected - checkedAt).Should().BeGreaterThanOrEqualTo(interval / 2);

        await h.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Status?.LastSnapshotCheckAt > checkedAt,
            because: "the policy to be checked at its own slot");
        h.RequestCount(DigitalOceanOperations.ListDropletSnapshots).Should().Be(lists + 1, "one list at the policy's slot");
    }
}
