using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies;
using Backups.Operator.Resources;
using Backups.Operator.Testing.Kubernetes;
using Backups.Operator.Tests.Harness;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Policies;

/// <summary>A policy says Ready only when it can work: its token, its droplet, its schedule and no other policy on the droplet.</summary>
public sealed class PolicyReadinessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_droplet_that_does_not_exist_is_DropletNotFound_before_any_backup_runs()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "ghost", dropletId: 999_999_999);

        var ready = await ReadyAsync(h, ns, "ghost", c => c.Status == ConditionStatus.False);
        ready.Reason.Should().Be(Reasons.DropletNotFound);
        ready.Message.Should().Contain("999999999");
        h.RequestCount("get_droplet").Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_revoked_token_is_Unauthorized_and_the_check_is_repeated_only_within_the_budget()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync(token: "dop_v1_revoked_0000000000000000000000000000000000000000000000000000000000");
        await h.CreatePolicyAsync(ns, "shop");

        var ready = await ReadyAsync(h, ns, "shop", c => c.Status == ConditionStatus.False);
        ready.Reason.Should().Be(Reasons.Unauthorized);
        ready.Message.Should().NotContain("dop_v1_revoked", "tokens never appear in status");

        var before = h.RequestCount("get_droplet");
        await h.AdvanceAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        (h.RequestCount("get_droplet") - before).Should().BeLessThanOrEqualTo(
            (int)(TimeSpan.FromHours(1) / BackupPolicyReconciler.FailedCheckRetry) + 1, "a failing check is repeated every few minutes, not on every reconcile");
    }

    [Fact]
    public async Task A_healthy_policy_is_checked_once_and_then_only_every_six_hours()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        (await ReadyAsync(h, ns, "shop", c => c.Status == ConditionStatus.True)).Reason.Should().Be(PolicyStatusBuilder.ReadyReason);
        await h.SettleAsync();
        var before = h.RequestCount("get_droplet");

        await h.AdvanceAsync(TimeSpan.FromHours(24), TimeSpan.FromMinutes(30));

        (h.RequestCount("get_droplet") - before).Should().BeInRange(3, 4, "one check per 6 h (spread), nothing more for a suspended policy");
    }

    [Fact]
    public async Task A_backwards_cron_range_is_InvalidSchedule_and_backups_are_not_available()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Schedule = "5-1 3 * * *");

        var ready = await ReadyAsync(h, ns, "shop", c => c.Status == ConditionStatus.False);
        ready.Reason.Should().Be(PolicyStatusBuilder.InvalidScheduleReason);
        ready.Message.Should().Contain("5-1");
        var policy = await h.Policies.GetAsync(ns, "shop", CancellationToken.None);
        var available = policy!.Status!.Conditions!.Single(c => c.Type == ConditionTypes.BackupsAvailable);
        available.Status.Should().Be(ConditionStatus.False);
        available.Reason.Should().Be(PolicyStatusBuilder.InvalidScheduleReason);
        policy.Status.NextBackupTime.Should().BeNull();
    }

    [Fact]
    public async Task Of_two_policies_on_one_droplet_the_older_keeps_it_and_the_other_takes_over_when_it_goes()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        var other = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "first", configure: s => s.Suspend = true);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.CreatePolicyAsync(other, "second");

        var conflict = await ReadyAsync(h, other, "second", c => c.Status == ConditionStatus.False);
        conflict.Reason.Should().Be(PolicyStatusBuilder.DropletConflictReason);
        conflict.Message.Should().Contain($"{ns}/first");
        (await ReadyAsync(h, ns, "first", _ => true)).Status.Should().Be(ConditionStatus.True);
        (await h.Policies.GetAsync(other, "second", CancellationToken.None))!.Status!.Conditions!
            .Single(c => c.Type == ConditionTypes.BackupsAvailable).Status.Should().Be(ConditionStatus.False);

        await h.Policies.DeleteAsync(ns, "first", null, CancellationToken.None);
        await h.WaitForAsync(async t => await h.Policies.GetAsync(ns, "first", t) is null, because: "the first policy to go");
        (await ReadyAsync(h, other, "second", c => c.Status == ConditionStatus.True)).Reason.Should().Be(PolicyStatusBuilder.ReadyReason);
    }

    [Fact]
    public async Task A_deploymentRef_to_a_kind_with_an_irregular_plural_is_resolved_through_discovery()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        h.ApiServer.InstallCrds(TestCustomResourceDefinitions.IrregularPluralCactus);
        var ns = await h.CreateNamespaceWithTokenAsync();
        var created = await h.Kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "garden.example.com/v1", ["kind"] = "Cactus", ["metadata"] = new JsonObject { ["name"] = "shop" } },
            "garden.example.com", "v1", ns, "cacti");
        var uid = JsonNode.Parse(KubernetesJson.Serialize(created))!["metadata"]!["uid"]!.GetValue<string>();

        await h.CreatePolicyAsync(ns, "shop", configure: s => s.DeploymentRef = new DeploymentReference { ApiVersion = "garden.example.com/v1", Kind = "Cactus", Name = "shop" });

        var owned = await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Metadata.OwnerReferences?.Count > 0, because: "the owner reference to the Cactus");
        owned.Metadata.OwnerReferences.Should().ContainSingle(r => r.Kind == "Cactus" && r.Name == "shop" && r.Uid == uid);
    }

    private static async Task<Condition> ReadyAsync(OperatorHarness h, string ns, string name, Func<Condition, bool> predicate)
    {
        var policy = await h.WaitForAsync(t => h.Policies.GetAsync(ns, name, t),
            p => p.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready) is { } c && predicate(c),
            because: $"policy {ns}/{name}'s Ready condition");
        return policy.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
    }
}
