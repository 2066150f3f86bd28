using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Restores;
using Backups.Operator.Resources;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Xunit.Abstractions;
using static Backups.Operator.Tests.Policies.BackupPolicyReconcilerTests;

namespace Backups.Operator.Tests.Restores;

/// <summary>
/// The BackupRestore controller in the whole in-process system: the simulator droplet's data version proves what a
/// restore did (it changes when the app writes, and returns to a snapshot's when the droplet is rebuilt from it).
/// </summary>
public sealed class BackupRestoreReconcilerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Restore_with_a_safety_backup_returns_the_droplet_to_the_backups_data_and_keeps_the_data_it_replaced()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        var newData = h.SimulatorState.SetDataVersion(h.DropletId);
        h.DataVersionOf(h.DropletId).Should().NotBe(backupData);

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId, preRestoreBackup: true);
        var restore = await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);

        h.DataVersionOf(h.DropletId).Should().Be(backupData, "the droplet was rebuilt from the backup's snapshot");
        restore.Status!.SafetyBackupName.Should().Be("rollback-pre-restore");
        restore.Status.ActionId.Should().NotBeNull();
        restore.Status.StartedAt.Should().NotBeNull();
        restore.Status.CompletedAt.Should().NotBeNull();
        restore.Status.DropletId.Should().Be(h.DropletId);
        restore.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        restore.Metadata.Labels.Should().Contain(ApiConstants.PolicyLabel, "shop");

        var safety = await h.WaitForBackupAsync(ns, "rollback-pre-restore", IsAvailable);
        safety.Metadata.Labels.Should().Contain(ApiConstants.RestoreLabel, "rollback");
        safety.Metadata.OwnerReferences.Should().ContainSingle(r => r.Kind == "BackupPolicy" && r.Name == "shop" && r.Controller == true);
        safety.Spec.Type.Should().Be(BackupType.Manual);
        h.SnapshotsOfDroplet(h.DropletId).Single(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == safety.Status!.SnapshotId)
            .DataVersion.Should().Be(newData, "the safety backup holds the data the restore replaced");
        RebuildsOf(h).Should().Be(1);
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_restores_total{result=\"success\"} 1");

        // Undo: restoring the safety backup brings the replaced data back.
        await h.CreateRestoreAsync(ns, "undo", "rollback-pre-restore", h.DropletId);
        await AdvanceUntilRestoreAsync(h, ns, "undo", RestorePhase.Succeeded);
        h.DataVersionOf(h.DropletId).Should().Be(newData);

        // A finished restore is never re-run.
        await h.AdvanceAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10));
        RebuildsOf(h).Should().Be(2);
    }

    [Fact]
    public async Task Restore_without_a_safety_backup_rebuilds_at_once_and_makes_no_backup()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);
        var backupsBefore = (await h.Backups.ListAsync(ns, null, CancellationToken.None)).Items.Count;
        string[] operations = ["get_snapshot", "rebuild_droplet", "get_droplet_action", "list_droplet_actions"];
        var before = operations.ToDictionary(o => o, h.RequestCount);
        var requestsBefore = h.TotalRequests;

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId, preRestoreBackup: false);
        var restore = await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);

        // Polls are timed by the expected duration (as long as the backup's snapshot took): GET snapshot, POST rebuild, one poll.
        var used = operations.ToDictionary(o => o, o => h.RequestCount(o) - before[o]);
        output.WriteLine($"DigitalOcean requests for one restore without safety backup: {h.TotalRequests - requestsBefore} ({string.Join(", ", used.Select(u => $"{u.Key}={u.Value}"))})");
        (h.TotalRequests - requestsBefore).Should().BeLessThanOrEqualTo(4);

        h.DataVersionOf(h.DropletId).Should().Be(backupData);
        restore.Status!.SafetyBackupName.Should().BeNull();
        (await h.Backups.ListAsync(ns, null, CancellationToken.None)).Items.Should().HaveCount(backupsBefore);
        RebuildsOf(h).Should().Be(1);
        h.SimulatorState.ListActionsOfDroplet(h.DropletId).Count(a => a.Type == "snapshot").Should().Be(1);
    }

    [Fact]
    public async Task Restore_refuses_a_confirmDropletId_that_is_not_the_backups_droplet()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        var current = h.SimulatorState.SetDataVersion(h.DropletId);

        await h.CreateRestoreAsync(ns, "wrong", "before-v2", h.Droplets[1].Id, preRestoreBackup: true);
        var restore = await AdvanceUntilRestoreAsync(h, ns, "wrong", RestorePhase.Failed);

        restore.Status!.Reason.Should().Be(BackupRestoreReconciler.ConfirmationMismatchReason);
        restore.Status.Message.Should().Contain($"confirmDropletId: {h.DropletId}").And.Contain("Nothing was changed");
        h.DataVersionOf(h.DropletId).Should().Be(current);
        RebuildsOf(h).Should().Be(0);
        (await h.Backups.GetAsync(ns, "wrong-pre-restore", CancellationToken.None)).Should().BeNull();
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_restores_total{result=\"failure\"} 1");
    }

    [Fact]
    public async Task Restore_refuses_a_snapshot_taken_of_another_droplet()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        var other = h.Droplets[1].Id;
        await h.CreatePolicyAsync(ns, "other", other, Plan.Pro, s => s.Suspend = true);
        await h.CreateBackupAsync(ns, "other-backup", "other");
        var foreign = await h.AdvanceUntilBackupAsync(ns, "other-backup", IsAvailable, Step);

        // The Backup now points at a snapshot of the other droplet (a tampered or mixed-up status).
        var patch = new JsonObject { ["status"] = new JsonObject { ["snapshotId"] = foreign.Status!.SnapshotId } };
        await h.Backups.PatchStatusAsync(ns, "before-v2", new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), CancellationToken.None);
        await h.SettleAsync();
        (await h.Backups.GetAsync(ns, "before-v2", CancellationToken.None))!.Status!.SnapshotId.Should().Be(foreign.Status.SnapshotId);
        var current = h.DataVersionOf(h.DropletId);

        await h.CreateRestoreAsync(ns, "mixed-up", "before-v2", h.DropletId, preRestoreBackup: true);
        var restore = await AdvanceUntilRestoreAsync(h, ns, "mixed-up", RestorePhase.Failed);

        restore.Status!.Reason.Should().Be(Reasons.NotOwner);
        restore.Status.Message.Should().Contain($"droplet {other}").And.Contain($"not of droplet {h.DropletId}");
        h.DataVersionOf(h.DropletId).Should().Be(current);
        RebuildsOf(h).Should().Be(0);
    }

    [Fact]
    public async Task A_restore_waits_in_Pending_while_its_backup_is_being_created_and_then_runs()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.Suspend = true);
        var data = h.DataVersionOf(h.DropletId);
        await h.CreateBackupAsync(ns, "fresh", "shop");
        await h.CreateRestoreAsync(ns, "early", "fresh", h.DropletId);

        var pending = await h.WaitForAsync(t => h.Restores.GetAsync(ns, "early", t), r => r.Status?.Phase == RestorePhase.Pending, because: "the restore to wait");
        pending.Status!.Reason.Should().Be(BackupRestoreReconciler.WaitingForBackupReason);

        await AdvanceUntilRestoreAsync(h, ns, "early", RestorePhase.Succeeded);
        h.DataVersionOf(h.DropletId).Should().Be(data);
        h.SimulatorState.ListActionsOfDroplet(h.DropletId).Where(a => a.Type == "snapshot").Select(a => a.StartedAt).Max()
            .Should().BeBefore(h.SimulatorState.ListActionsOfDroplet(h.DropletId).Single(a => a.Type == "rebuild").StartedAt, "the rebuild started after the backup");
    }

    [Fact]
    public async Task An_ambiguous_rebuild_POST_is_adopted_from_the_droplets_actions_and_never_sent_twice()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);
        h.SimulatorState.Faults.Add(new FaultRule { Operation = "rebuild_droplet", Kind = FaultKind.HttpError, AfterCommit = true, Count = 1 });

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId);
        var restore = await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);

        h.DataVersionOf(h.DropletId).Should().Be(backupData);
        h.RequestCount("rebuild_droplet").Should().Be(1, "after the ambiguous answer the operator looked for the action instead of POSTing again");
        RebuildsOf(h).Should().Be(1);
        restore.Status!.ActionId.Should().Be(h.SimulatorState.ListActionsOfDroplet(h.DropletId).Single(a => a.Type == "rebuild").Id);
    }

    [Fact]
    public async Task An_operator_killed_between_the_rebuild_POST_and_the_status_write_adopts_the_rebuild_after_restart()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);
        var hold = h.SimulatorState.Faults.Add(new FaultRule { Operation = "rebuild_droplet", Kind = FaultKind.Slow, DelaySeconds = 3600, AfterCommit = true, Count = 1 });

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId);
        await h.WaitForAsync(_ => Task.FromResult(RebuildsOf(h) == 1), because: "the rebuild to be accepted while its answer is held back");
        (await h.Restores.GetAsync(ns, "rollback", CancellationToken.None))!.Status!.Phase.Should().Be(RestorePhase.Restoring, "the intent was written before the POST");

        await h.StopOperatorAsync(kill: true);
        h.SimulatorState.Faults.Remove(hold.Id);
        await h.StartOperatorAsync();
        await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);

        h.DataVersionOf(h.DropletId).Should().Be(backupData);
        RebuildsOf(h).Should().Be(1, "exactly one rebuild after the restart");
    }

    [Fact]
    public async Task A_pending_event_on_the_droplet_makes_the_restore_wait_and_retry_instead_of_failing()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, backupData) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.SetDataVersion(h.DropletId);
        h.SimulatorState.Faults.Add(new FaultRule { Operation = "rebuild_droplet", Kind = FaultKind.PendingEvent, Count = 3 });

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId);
        var queued = await h.WaitForAsync(t => h.Restores.GetAsync(ns, "rollback", t), r => r.Status?.Reason == Reasons.Queued, because: "the restore to wait on the pending event");
        queued.Status!.Phase.Should().Be(RestorePhase.Restoring);

        await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Succeeded);
        h.DataVersionOf(h.DropletId).Should().Be(backupData);
        h.RequestCount("rebuild_droplet").Should().Be(4);
        RebuildsOf(h).Should().Be(1);
    }

    [Fact]
    public async Task An_errored_rebuild_fails_the_restore_with_DigitalOceans_verdict()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.Faults.Add(new FaultRule { Operation = "rebuild_droplet", Kind = FaultKind.ErroredAction, Count = 1 });

        await h.CreateRestoreAsync(ns, "rollback", "before-v2", h.DropletId, preRestoreBackup: true);
        var restore = await AdvanceUntilRestoreAsync(h, ns, "rollback", RestorePhase.Failed);

        restore.Status!.Reason.Should().Be(Reasons.ActionErrored);
        restore.Status.Message.Should().Contain("errored").And.Contain("rollback-pre-restore");
        restore.Status.CompletedAt.Should().NotBeNull();
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_restores_total{result=\"failure\"} 1");
    }

    /// <summary>A namespace, a suspended Pro policy "shop" of the first droplet and an Available manual backup; returns the backup's data version.</summary>
    internal static async Task<(string Namespace, string DataVersion)> BackupOfSuspendedPolicyAsync(OperatorHarness h, string backupName)
    {
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.Suspend = true);
        var data = h.DataVersionOf(h.DropletId);
        await h.CreateBackupAsync(ns, backupName, "shop");
        await h.AdvanceUntilBackupAsync(ns, backupName, IsAvailable, Step);
        return (ns, data);
    }

    internal static async Task<BackupRestore> AdvanceUntilRestoreAsync(OperatorHarness h, string ns, string name, RestorePhase phase)
    {
        BackupRestore? last = null;
        await h.AdvanceUntilAsync(
            async t =>
            {
                last = await h.Restores.GetAsync(ns, name, t);
                return last?.Status?.Phase is RestorePhase.Succeeded or RestorePhase.Failed || last?.Status?.Phase == phase;
            },
            Step,
            TimeSpan.FromHours(2),
            because: $"BackupRestore {ns}/{name} to reach {phase}");
        last!.Status!.Phase.Should().Be(phase, last.Status.Message);
        return last;
    }

    internal static int RebuildsOf(OperatorHarness h) =>
        h.SimulatorState.ListActionsOfDroplet(h.DropletId).Count(a => a.Type == "rebuild");
}
