using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Policies;

/// <summary>The one status-write path as the policy controller uses it: removed fields are removed, unchanged status is not written.</summary>
public sealed class PolicyStatusWriteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Suspending_a_policy_clears_its_next_backup_time_and_a_restart_then_writes_no_status()
    {
        var counter = new ApiWriteCounter();
        OperatorHarness? harness = null;
        await using var h = harness = await OperatorHarness.StartAsync(output, o =>
        {
            o.StartOperator = false;
            counter.Install(o, () => harness!);
        });
        await h.StartOperatorAsync();
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro);
        await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Status?.NextBackupTime is not null, because: "the next backup time");

        var patch = new JsonObject { ["spec"] = new JsonObject { ["suspend"] = true } };
        await h.Policies.PatchAsync(ns, "shop", new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), CancellationToken.None);
        var suspended = await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Status?.ObservedGeneration == p.Metadata.Generation && p.Metadata.Generation > 1,
            because: "the suspended spec to be observed");

        suspended.Status!.NextBackupTime.Should().BeNull("a suspended policy has no next backup");
        suspended.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Message.Should().Contain("suspended");

        await h.SettleAsync();
        var before = counter.StatusPatches("backuppolicies");
        await h.RestartOperatorAsync();
        await h.SettleAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));

        counter.StatusPatches("backuppolicies").Should().Be(before, "a reconcile that learns nothing new writes no status");
    }
}
