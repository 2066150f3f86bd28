using Backups.Operator.Api;
using Backups.Operator.Credentials;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Credentials;

/// <summary>The credentials Secret's in-use finalizer against the local API server (no operator running).</summary>
public sealed class CredentialsInUseFinalizerTests(ITestOutputHelper output)
{
    private static CredentialsInUseFinalizer Service(OperatorHarness harness) =>
        new(harness.Secrets, harness.Policies, harness.Backups, NullLogger<CredentialsInUseFinalizer>.Instance);

    private async Task<bool> HasFinalizerAsync(OperatorHarness harness, string ns) =>
        (await harness.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, CancellationToken.None))!.Metadata.Finalizers?.Contains(ApiConstants.CredentialsInUseFinalizer) == true;

    [Fact]
    public async Task Ensure_adds_the_finalizer_once_and_keeps_other_finalizers()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var policy = await harness.CreatePolicyAsync(ns, "shop");
        await harness.Secrets.PatchAsync(ns, OperatorHarness.TokenSecretName, new V1Patch("{\"metadata\":{\"finalizers\":[\"example.com/other\"]}}", V1Patch.PatchType.MergePatch), CancellationToken.None);
        var service = Service(harness);

        (await service.EnsureAsync(policy, CancellationToken.None)).Should().BeTrue();
        (await service.EnsureAsync(policy, CancellationToken.None)).Should().BeTrue();

        var secret = await harness.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, CancellationToken.None);
        secret!.Metadata.Finalizers.Should().BeEquivalentTo(["example.com/other", ApiConstants.CredentialsInUseFinalizer]);
    }

    [Fact]
    public async Task Ensure_does_nothing_without_a_secret_reference_or_secret()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var platform = await harness.CreatePolicyAsync(ns, "platform", configure: s => s.CredentialsSecretRef = null);
        var dangling = await harness.CreatePolicyAsync(ns, "dangling", configure: s => s.CredentialsSecretRef = new SecretKeyReference { Name = "missing" });

        (await Service(harness).EnsureAsync(platform, CancellationToken.None)).Should().BeFalse();
        (await Service(harness).EnsureAsync(dangling, CancellationToken.None)).Should().BeFalse();
        (await HasFinalizerAsync(harness, ns)).Should().BeFalse();
    }

    [Fact]
    public async Task Release_waits_for_other_policies_and_for_backups_then_removes_the_finalizer()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var shop = await harness.CreatePolicyAsync(ns, "shop");
        await harness.CreatePolicyAsync(ns, "blog");
        var service = Service(harness);
        await service.EnsureAsync(shop, CancellationToken.None);
        await harness.Backups.CreateAsync(new Backup
        {
            Metadata = new V1ObjectMeta { Name = "shop-1", NamespaceProperty = ns },
            Spec = new BackupSpec { PolicyName = "shop" },
        }, CancellationToken.None);

        (await service.ReleaseIfUnusedAsync(ns, OperatorHarness.TokenSecretName, "shop", CancellationToken.None)).Should().BeFalse("policy blog uses it");
        await harness.Policies.DeleteAsync(ns, "blog", null, CancellationToken.None);
        (await service.ReleaseIfUnusedAsync(ns, OperatorHarness.TokenSecretName, "shop", CancellationToken.None)).Should().BeFalse("a backup of shop still needs the token");
        (await HasFinalizerAsync(harness, ns)).Should().BeTrue();

        await harness.Backups.DeleteAsync(ns, "shop-1", null, CancellationToken.None);
        (await service.ReleaseIfUnusedAsync(ns, OperatorHarness.TokenSecretName, "shop", CancellationToken.None)).Should().BeTrue();
        (await HasFinalizerAsync(harness, ns)).Should().BeFalse();
    }
}
