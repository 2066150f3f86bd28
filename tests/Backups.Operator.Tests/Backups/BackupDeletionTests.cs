using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Simulator.Faults;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>The snapshot-cleanup finalizer of Backups, end to end.</summary>
public sealed class BackupDeletionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deleting_a_backup_deletes_its_snapshot_and_counts_a_user_deletion()
    {
        var (harness, logs) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "short-lived", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "short-lived", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle();
        harness.Time.Advance(TimeSpan.FromSeconds(1)); // so the Deleting event is not at the Available event's instant

        await harness.Backups.DeleteAsync(ns, "short-lived", null, CancellationToken.None);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "short-lived");

        harness.SnapshotsOfDroplet(harness.DropletId).Should().BeEmpty();
        (await harness.ScrapeMetricsAsync()).Should().Contain("backup_deleted_total{reason=\"user\"} 1");
        await BackupScenario.WaitForEventAsync(harness, ns, "short-lived", "Deleting");
        await TokenSecrecy.AssertNowhereAsync(harness, logs, [ns]);
    }

    [Fact]
    public async Task Retain_keeps_the_snapshot_and_the_deletion_reason_annotation_names_the_cause()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "blog", configure: s => s.DeletionPolicy = DeletionPolicy.Retain);
        await harness.CreateBackupAsync(ns, "kept", "blog");
        var available = await harness.AdvanceUntilBackupAsync(ns, "kept", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        available.Status.DeletionPolicy.Should().Be(DeletionPolicy.Retain);

        await harness.Backups.PatchAsync(ns, "kept", new V1Patch($"{{\"metadata\":{{\"annotations\":{{\"{ApiConstants.DeletionReasonAnnotation}\":\"retention\"}}}}}}", V1Patch.PatchType.MergePatch), CancellationToken.None);
        await harness.Backups.DeleteAsync(ns, "kept", null, CancellationToken.None);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "kept");

        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Which.Name.Should().Be(available.Status.SnapshotName);
        (await harness.ScrapeMetricsAsync()).Should().Contain("backup_deleted_total{reason=\"retention\"} 1");
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete, DeletionPolicy.Retain)]
    [InlineData(DeletionPolicy.Retain, DeletionPolicy.Delete)]
    public async Task Patching_deletionPolicy_on_a_Backup_is_honoured_when_it_is_deleted(DeletionPolicy before, DeletionPolicy after)
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop", configure: s => s.DeletionPolicy = before);
        await harness.CreateBackupAsync(ns, "edited", "shop");
        var available = await harness.AdvanceUntilBackupAsync(ns, "edited", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        available.Status.DeletionPolicy.Should().Be(before);
        harness.Time.Advance(TimeSpan.FromSeconds(1)); // the change's event at its own instant

        // What `kubectl patch backup edited --type merge -p '{"spec":{"deletionPolicy":"..."}}'` sends.
        await harness.Backups.PatchAsync(ns, "edited", new V1Patch($$$"""{"spec":{"deletionPolicy":"{{{after}}}"}}""", V1Patch.PatchType.MergePatch), CancellationToken.None);

        var followed = await harness.WaitForBackupAsync(ns, "edited", b => b.Status?.DeletionPolicy == after, because: $"status.deletionPolicy to follow the spec to {after}");
        followed.Status.Phase.Should().Be(BackupPhase.Available);
        (await BackupScenario.WaitForEventAsync(harness, ns, "edited", "DeletionPolicyChanged")).Message.Should().Contain($"from {before} to {after}");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Backups.DeleteAsync(ns, "edited", null, CancellationToken.None);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "edited");

        if (after == DeletionPolicy.Retain)
        {
            harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Which.Name.Should().Be(available.Status.SnapshotName);
            harness.RequestCount("delete_snapshot").Should().Be(0);
        }
        else
        {
            harness.SnapshotsOfDroplet(harness.DropletId).Should().BeEmpty();
            harness.RequestCount("delete_snapshot").Should().Be(1);
        }
    }

    [Fact]
    public async Task The_skip_annotation_releases_the_backup_without_touching_the_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "escape", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "escape", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        var deletesBefore = harness.RequestCount("delete_snapshot");

        await harness.Backups.PatchAsync(ns, "escape", new V1Patch($"{{\"metadata\":{{\"annotations\":{{\"{ApiConstants.SkipSnapshotCleanupAnnotation}\":\"true\"}}}}}}", V1Patch.PatchType.MergePatch), CancellationToken.None);
        await harness.Backups.DeleteAsync(ns, "escape", null, CancellationToken.None);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "escape");

        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle();
        harness.RequestCount("delete_snapshot").Should().Be(deletesBefore);
    }

    [Fact]
    public async Task A_failing_delete_sets_DeletionFailed_retries_with_backoff_and_finally_deletes()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "stubborn", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "stubborn", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        // Enough 500s to exhaust the client's retries of two reconciles.
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "delete_snapshot", Kind = FaultKind.HttpError, StatusCode = 500, Count = 8 });

        await harness.Backups.DeleteAsync(ns, "stubborn", null, CancellationToken.None);
        var failing = await harness.AdvanceUntilBackupAsync(ns, "stubborn",
            b => b.Status?.Conditions?.Any(c => c.Type == ConditionTypes.DeletionFailed && c.Status == ConditionStatus.True) == true,
            step: TimeSpan.FromSeconds(5));
        failing.Status.Phase.Should().Be(BackupPhase.Deleting);
        failing.Metadata.Finalizers.Should().Contain(ApiConstants.SnapshotCleanupFinalizer);

        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "stubborn");

        harness.SnapshotsOfDroplet(harness.DropletId).Should().BeEmpty();
        harness.RequestCount("delete_snapshot").Should().BeGreaterThan(8);
        await BackupScenario.WaitForEventAsync(harness, ns, "stubborn", "DeletionFailed", "Warning");
    }

    [Fact]
    public async Task An_Error_backup_without_a_snapshot_is_released_at_once()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "wiki", plan: Plan.Basic);
        await harness.CreateBackupAsync(ns, "refused", "wiki");
        await harness.AdvanceUntilBackupAsync(ns, "refused", b => BackupScenario.IsPhase(b, BackupPhase.Error));

        await harness.Backups.DeleteAsync(ns, "refused", null, CancellationToken.None);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "refused");

        harness.RequestCount("delete_snapshot").Should().Be(0);
    }

    [Fact]
    public async Task Deleting_a_backup_while_its_snapshot_is_in_flight_waits_and_then_deletes_the_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "hasty", "shop");
        await harness.WaitForBackupAsync(ns, "hasty", b => b.Status?.ActionId is not null);

        await harness.Backups.DeleteAsync(ns, "hasty", null, CancellationToken.None);
        var waiting = await harness.WaitForBackupAsync(ns, "hasty", b => BackupScenario.IsPhase(b, BackupPhase.Deleting));
        waiting.Metadata.Finalizers.Should().Contain(ApiConstants.SnapshotCleanupFinalizer);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "hasty");

        harness.RequestCount("snapshot_droplet").Should().Be(1);
        harness.AllSnapshots().Should().BeEmpty("the snapshot that landed after the delete request was deleted too");
    }

    [Fact]
    public async Task Deleting_a_timed_out_backup_also_deletes_its_late_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var big = harness.AddDroplet(usedGigabytes: 700, diskGigabytes: 1000);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "big", dropletId: big.Id);
        await harness.CreateBackupAsync(ns, "late", "big");
        await harness.AdvanceUntilBackupAsync(ns, "late", b => BackupScenario.IsPhase(b, BackupPhase.Error) && b.Status.Reason == Reasons.Timeout, step: TimeSpan.FromMinutes(1));

        await harness.Backups.DeleteAsync(ns, "late", null, CancellationToken.None);
        await BackupScenario.AdvanceUntilGoneAsync(harness, ns, "late", TimeSpan.FromHours(2));

        harness.RequestCount("snapshot_droplet").Should().Be(1);
        harness.SnapshotsOfDroplet(big.Id).Should().BeEmpty();
    }
}
