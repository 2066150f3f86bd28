using Backups.Operator.Api;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>The Backup shows Restoring while a BackupRestore (run by the restore controller) reads it.</summary>
public sealed class BackupRestoringPhaseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_backup_is_Restoring_while_a_restore_uses_it_and_Available_again_afterwards()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "golden", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "golden", b => BackupScenario.IsPhase(b, BackupPhase.Available));
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        await harness.CreateRestoreAsync(ns, "rollback", "golden", harness.DropletId, preRestoreBackup: false);
        var restoring = await harness.AdvanceUntilBackupAsync(ns, "golden", b => BackupScenario.IsPhase(b, BackupPhase.Restoring), step: TimeSpan.FromSeconds(1), max: TimeSpan.FromMinutes(10));
        restoring.Status.Conditions.Should().Contain(c => c.Type == ConditionTypes.Ready && c.Message.Contains("rollback"));

        var back = await harness.AdvanceUntilBackupAsync(ns, "golden", b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromSeconds(5), max: TimeSpan.FromMinutes(30));
        var restore = await harness.Restores.GetAsync(ns, "rollback", CancellationToken.None);
        restore!.Status.Phase.Should().Be(RestorePhase.Succeeded);
        back.Status.SnapshotId.Should().Be(restoring.Status.SnapshotId);
    }
}
