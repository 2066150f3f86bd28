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

    /// <summary>Advances to the next 03:00 UTC tick of the Pro plan and until its automatic backup is Available.</summary>
    public static async Task AutomaticBackupAvailableAsync(OperatorHarness harness, string ns, string policy = "shop")
    {
        await harness.AdvanceUntilAsync(
            async token =>
            {
                var list = await harness.Backups.ListAsync(ns, null, token);
                return list.Items.Any(b => b.Spec.Type == BackupType.Automatic && IsAvailable(b));
            },
            TimeSpan.FromMinutes(1),
            TimeSpan.FromHours(30),
            because: $"an automatic backup of {ns}/{policy} to be Available");
    }
}
