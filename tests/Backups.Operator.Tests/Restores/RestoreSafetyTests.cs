using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Restores;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Xunit.Abstractions;
using static Backups.Operator.Tests.Policies.BackupPolicyReconcilerTests;
using static Backups.Operator.Tests.Restores.BackupRestoreReconcilerTests;

namespace Backups.Operator.Tests.Restores;

/// <summary>
/// Restores and the objects around them: the restore finalizer holds a deleted restore (and so its source Backup and
/// snapshot) until the rebuild is over; one restore per droplet, oldest first, never a cycle; long names.
/// </summary>
public sealed class RestoreSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deleting_a_running_restore_keeps_it_and_its_source_backup_until_the_rebuild_is_over()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);
        var snapshotId = (await h.Backups.GetAsync(ns, "before-v2", CancellationToken.None))!.Status!.SnapshotId;

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId);
        await h.WaitForAsync(t => h.Restores.GetAsync(ns, "rollback", t), r => r.Status?.ActionId is not null, because: "the rebuild to start");
        (await h.Restores.GetAsync(ns, "rollback", CancellationToken.None))!.Metadata.Finalizers.Should().Contain(ApiConstants.RestoreInProgressFinalizer);

        await h.Restores.DeleteAsync(ns, "rollback", null, CancellationToken.None);
        await h.Backups.DeleteAsync(ns, "before-v2", null, CancellationToken.None);
        await h.SettleAsync();

        var held = await h.Restores.GetAsync(ns, "rollback", CancellationToken.None);
        held.Should().NotBeNull("the rebuild is still running");
        held!.Metadata.DeletionTimestamp.Should().NotBeNull();
        (await h.Backups.GetAsync(ns, "before-v2", CancellationToken.None)).Should().NotBeNull("its source backup waits for the rebuild");
        h.AllSnapshots().Should().Contain(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == snapshotId);

        await h.AdvanceUntilAsync(async t => await h.Restores.GetAsync(ns, "rollback", t) is null, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1),
            because: "the restore to go once the rebuild is over");
        h.DataVersionOf(h.DropletId).Should().Be(backupData, "the rebuild ran to its end");
        await h.AdvanceUntilAsync(async t => await h.Backups.GetAsync(ns, "before-v2", t) is null, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1),
            because: "the source backup to be deleted after the restore");
        h.AllSnapshots().Should().NotContain(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == snapshotId);
        RebuildsOf(h).Should().Be(1);
    }

    [Fact]
    public async Task Deleting_a_restore_that_has_not_started_releases_it_at_once_and_nothing_is_rebuilt()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.Suspend = true);
        await h.CreateBackupAsync(ns, "fresh", "shop");
        await h.CreateRestoreAsync(ns, "early", "fresh", h.DropletId);
        await h.WaitForAsync(t => h.Restores.GetAsync(ns, "early", t), r => r.Status?.Phase == RestorePhase.Pending && r.HasFinalizer(ApiConstants.RestoreInProgressFinalizer),
            because: "the restore to wait for its backup");

        await h.Restores.DeleteAsync(ns, "early", null, CancellationToken.None);
        await h.WaitForAsync(async t => await h.Restores.GetAsync(ns, "early", t) is null, because: "a restore that never started goes at once");
        await h.AdvanceUntilBackupAsync(ns, "fresh", IsAvailable);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        RebuildsOf(h).Should().Be(0);
    }

    [Fact]
    public async Task Two_restores_of_one_droplet_run_one_at_a_time_oldest_first_with_the_other_naming_it_while_it_waits()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);

        // Both exist before the operator sees either: nothing is in any status yet to tell them apart but their age.
        await h.StopOperatorAsync();
        await h.CreateRestoreAsync(ns, "second", "before-v2", h.DropletId, preRestoreBackup: true);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.CreateRestoreAsync(ns, "third", "before-v2", h.DropletId, preRestoreBackup: true);
        await h.StartOperatorAsync();

        var waiting = await h.WaitForAsync(t => h.Restores.GetAsync(ns, "third", t),
            r => r.Status?.Reason == BackupRestoreReconciler.WaitingForDropletReason && r.Status.Message?.Contains($"{ns}/second", StringComparison.Ordinal) == true,
            because: "the younger restore to wait, naming the older one");
        waiting.Status!.Phase.Should().Be(RestorePhase.Pending);

        await AdvanceUntilRestoreAsync(h, ns, "second", RestorePhase.Succeeded);
        var next = await h.WaitForAsync(t => h.Restores.GetAsync(ns, "third", t), r => r.Status?.Phase != RestorePhase.Pending,
            because: "the next restore to be woken by the first one ending, without a timer");
        next.Status!.Phase.Should().NotBe(RestorePhase.Failed, next.Status.Message);
        await AdvanceUntilRestoreAsync(h, ns, "third", RestorePhase.Succeeded);

        h.DataVersionOf(h.DropletId).Should().Be(backupData);
        var rebuilds = h.SimulatorState.ListActionsOfDroplet(h.DropletId).Where(a => a.Type == "rebuild").OrderBy(a => a.StartedAt).ToList();
        rebuilds.Should().HaveCount(2);
        (await h.Backups.GetAsync(ns, "second-pre-restore", CancellationToken.None))!.Status!.Phase.Should().Be(BackupPhase.Available);
        (await h.Backups.GetAsync(ns, "third-pre-restore", CancellationToken.None))!.Status!.Phase.Should().Be(BackupPhase.Available);
    }

    [Fact]
    public async Task A_waiting_restore_goes_before_backups_of_its_droplet_created_after_it()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);

        // A backup in flight holds the droplet; the restore queues behind it, then a newer backup queues too.
        await h.CreateBackupAsync(ns, "first", "shop");
        await h.WaitForBackupAsync(ns, "first", b => b.Status?.ActionId is not null);
        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId, preRestoreBackup: false);
        await h.WaitForAsync(t => h.Restores.GetAsync(ns, "rollback", t), r => r.Status?.Reason == BackupRestoreReconciler.WaitingForDropletReason,
            because: "the restore to wait for the backup in flight");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.CreateBackupAsync(ns, "later", "shop");

        await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);
        var later = await h.AdvanceUntilBackupAsync(ns, "later", IsAvailable);

        // Before the fix the newer backup counted as "being created" for the restore and went first (the chaos campaign
        // saw 1 of 150 restores run under a steady stream of backups).
        var actions = h.SimulatorState.ListActionsOfDroplet(h.DropletId).ToList();
        var rebuild = actions.Single(a => a.Type == "rebuild");
        var laterSnapshot = actions.Single(a => a.Id == later.Status!.ActionId);
        laterSnapshot.StartedAt.Should().BeAfter(rebuild.StartedAt, "a backup created after a waiting restore goes after it");
        h.DataVersionOf(h.DropletId).Should().Be(backupData);
    }

    [Fact]
    public async Task A_restore_with_a_253_character_name_takes_its_safety_backup_and_succeeds()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);
        var name = ("rollback-" + new string('x', 250))[..253];

        await h.CreateRestoreAsync(ns, name, "before-v2", h.DropletId, preRestoreBackup: true);
        var restore = await AdvanceUntilRestoreAsync(h, ns, name, RestorePhase.Succeeded);

        h.DataVersionOf(h.DropletId).Should().Be(backupData);
        restore.Status!.SafetyBackupName.Should().Be(BackupNames.SafetyBackup(name));
        var safety = await h.WaitForBackupAsync(ns, restore.Status.SafetyBackupName!, IsAvailable);
        safety.Metadata.Labels![ApiConstants.RestoreLabel].Should().HaveLength(BackupNames.MaxLabelValueLength);
    }

    [Fact]
    public async Task Fields_an_earlier_attempt_left_in_a_restores_status_are_cleared_when_it_starts()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        await h.StopOperatorAsync();
        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId, preRestoreBackup: false);
        var stale = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["reason"] = BackupRestoreReconciler.WaitingForCredentialsReason,
                ["message"] = "left over",
                ["safetyBackupName"] = "older-attempt-pre-restore",
                ["completedAt"] = "2026-01-01T00:00:00Z",
            },
        };
        await h.Restores.PatchStatusAsync(ns, "rollback", new V1Patch(stale.ToJsonString(), V1Patch.PatchType.MergePatch), CancellationToken.None);
        await h.StartOperatorAsync();

        var restoring = await h.WaitForAsync(t => h.Restores.GetAsync(ns, "rollback", t), r => r.Status?.Phase == RestorePhase.Restoring, because: "the restore to start");
        restoring.Status!.SafetyBackupName.Should().BeNull("this attempt takes no safety backup");
        restoring.Status.CompletedAt.Should().BeNull();
        restoring.Status.Message.Should().NotBe("left over");

        var done = await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);
        done.Status!.SafetyBackupName.Should().BeNull();
        done.Status.Message.Should().NotContain("To undo");
    }
}
