using Backups.Operator.Api;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;

namespace Backups.Operator.Tests.Lifecycle;

/// <summary>Steps the cross-controller scenarios share.</summary>
internal static class LifecycleSteps
{
    public static bool IsAvailable(Backup backup) => backup.Status?.Phase == BackupPhase.Available;

    /// <summary>A namespace with a Pro policy of the first droplet and one Available manual backup.</summary>
    public static async Task<(string Namespace, Backup Backup)> AvailableManualBackupAsync(OperatorHarness harness, string policy = "shop", string name = "manual-1")
    {
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await harness.CreatePolicyAsync(ns, policy);
        await harness.CreateBackupAsync(ns, name, policy);
        var backup = await harness.AdvanceUntilBackupAsync(ns, name, IsAvailable);
        return (ns, backup);
    }
}
