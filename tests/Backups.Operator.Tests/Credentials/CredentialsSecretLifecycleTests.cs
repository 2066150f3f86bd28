using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Credentials;

/// <summary>The credentials Secret's in-use finalizer with the operator running: switching Secrets, deleting a Secret in use.</summary>
public sealed class CredentialsSecretLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Switching_credentialsSecretRef_releases_the_old_Secret_when_no_policy_uses_it()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await CreateSecretAsync(h, ns, "new-token");
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        await h.WaitForAsync(async t => HasFinalizer(await h.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, t)), because: "the old Secret to be held");

        var patch = new JsonObject { ["spec"] = new JsonObject { ["credentialsSecretRef"] = new JsonObject { ["name"] = "new-token", ["key"] = "token" } } };
        await h.Policies.PatchAsync(ns, "shop", new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), CancellationToken.None);

        await h.WaitForAsync(async t => HasFinalizer(await h.Secrets.GetAsync(ns, "new-token", t)), because: "the new Secret to be held");
        await h.WaitForAsync(async t => !HasFinalizer(await h.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, t)),
            because: "the old Secret to be released once no policy uses it");
    }

    [Fact]
    public async Task The_old_Secret_stays_held_while_another_policy_still_uses_it()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await CreateSecretAsync(h, ns, "new-token");
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        await h.CreatePolicyAsync(ns, "blog", dropletId: h.Droplets[1].Id, configure: s => s.Suspend = true);
        await h.WaitForAsync(async t => HasFinalizer(await h.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, t)), because: "the Secret to be held");

        var patch = new JsonObject { ["spec"] = new JsonObject { ["credentialsSecretRef"] = new JsonObject { ["name"] = "new-token" } } };
        await h.Policies.PatchAsync(ns, "shop", new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), CancellationToken.None);
        await h.WaitForAsync(async t => HasFinalizer(await h.Secrets.GetAsync(ns, "new-token", t)), because: "the new Secret to be held");
        await h.SettleAsync();

        HasFinalizer(await h.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, CancellationToken.None)).Should().BeTrue("policy blog still uses it");
    }

    [Fact]
    public async Task Deleting_a_Secret_in_use_explains_itself_with_an_Event_on_the_Secret_and_a_condition_on_the_policy()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        await h.WaitForAsync(async t => HasFinalizer(await h.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, t)), because: "the Secret to be held");

        await h.Secrets.DeleteAsync(ns, OperatorHarness.TokenSecretName, null, CancellationToken.None);
        // The policy notices at its next reconcile (any change of it or its backups, or its periodic check).
        await h.CreateBackupAsync(ns, "nudge", "shop");

        BackupPolicy? policy = null;
        await h.AdvanceUntilAsync(
            async t => (policy = await h.Policies.GetAsync(ns, "shop", t))?.Status?.Conditions?.Any(c => c.Type == PolicyStatusBuilder.SecretDeletionBlockedType) == true,
            TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), because: "the condition on the policy");
        var condition = policy!.Status!.Conditions!.Single(c => c.Type == PolicyStatusBuilder.SecretDeletionBlockedType);
        condition.Status.Should().Be(ConditionStatus.True);
        condition.Reason.Should().Be(PolicyStatusBuilder.CredentialsInUseReason);
        condition.Message.Should().Contain(OperatorHarness.TokenSecretName).And.Contain(ApiConstants.CredentialsInUseFinalizer);

        await h.WaitForAsync(async t => (await h.Kubernetes.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: t)).Items
            .Any(e => e.InvolvedObject.Kind == "Secret" && e.InvolvedObject.Name == OperatorHarness.TokenSecretName
                      && e.Reason == PolicyStatusBuilder.CredentialsInUseReason && e.Message.Contains($"{ns}/shop", StringComparison.Ordinal)),
            because: "an Event on the Secret naming the policy");

        await h.Policies.DeleteAsync(ns, "shop", null, CancellationToken.None);
        await h.AdvanceUntilAsync(async t => await h.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, t) is null, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1),
            because: "the Secret to go once its policy and backups are gone");
    }

    private static Task<V1Secret> CreateSecretAsync(OperatorHarness h, string ns, string name) =>
        h.Secrets.CreateAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            StringData = new Dictionary<string, string> { [OperatorHarness.TokenSecretKey] = h.Token },
        }, CancellationToken.None);

    private static bool HasFinalizer(V1Secret? secret) => secret?.Metadata.Finalizers?.Contains(ApiConstants.CredentialsInUseFinalizer) == true;
}
