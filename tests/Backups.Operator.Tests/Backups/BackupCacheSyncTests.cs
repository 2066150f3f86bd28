using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>
/// A Backup's policy is judged missing only from a synced policy cache (docs/kubernetes-runtime.md, "Cache sync"): an
/// operator that restarts while it cannot list policies leaves its Backups alone instead of failing them.
/// </summary>
public sealed class BackupCacheSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_creating_backup_does_not_go_to_error_while_the_policy_cache_has_not_synced()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o => o.DropletUsedGigabytes = [40]);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "mine", "shop");
        await harness.AdvanceUntilBackupAsync(ns, "mine", b => b.Status?.Phase == BackupPhase.Creating && b.Status.ActionId is not null, step: TimeSpan.FromSeconds(1));

        await harness.StopOperatorAsync();
        harness.ApiServer.Faults.FailListsAndWatches("backuppolicies");
        await harness.StartOperatorAsync();
        var policies = harness.Services.GetRequiredService<IInformerFactory>().Informers.Single(i => i.Resource == "backuppolicies.backup.platform.dev");
        await harness.AdvanceUntilAsync(_ => Task.FromResult(policies.Statistics.Errors >= 3), step: TimeSpan.FromSeconds(2), max: TimeSpan.FromSeconds(90), because: "the policy cache keeps failing");

        var waiting = await harness.Backups.GetAsync(ns, "mine", CancellationToken.None);
        waiting!.Status!.Phase.Should().Be(BackupPhase.Creating, "a policy missing from an unsynced cache is not a deleted policy: {0}", waiting.Status.Message);

        harness.ApiServer.Faults.StopFailingListsAndWatches("backuppolicies");
        var done = await harness.AdvanceUntilBackupAsync(ns, "mine", b => b.Status?.Phase is BackupPhase.Available or BackupPhase.Error, step: TimeSpan.FromSeconds(10));
        done.Status.Phase.Should().Be(BackupPhase.Available, done.Status.Message);
    }
}
