using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Credentials;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Credentials;

/// <summary>Token resolution and tenancy against the local API server (no operator running).</summary>
public sealed class CredentialResolverTests(ITestOutputHelper output)
{
    private const string PlatformToken = "dop_v1_platform_secret_value";

    private static CredentialResolver Resolver(OperatorHarness harness, BackupsOperatorOptions? options = null) =>
        new(harness.Secrets, harness.Namespaces, new StaticOptions(options ?? new BackupsOperatorOptions { OperatorNamespace = OperatorHarness.OperatorNamespace }),
            NullLogger<CredentialResolver>.Instance);

    private static BackupPolicy Policy(string ns, long dropletId, SecretKeyReference? secret) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = ns },
        Spec = new BackupPolicySpec { DropletId = dropletId, Plan = Plan.Pro, CredentialsSecretRef = secret },
    };

    [Fact]
    public async Task The_policys_secret_gives_its_token_with_the_default_key()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var ns = await harness.CreateNamespaceWithTokenAsync();

        var result = await Resolver(harness).ResolveAsync(Policy(ns, 1, new SecretKeyReference { Name = OperatorHarness.TokenSecretName }), CancellationToken.None);

        result.IsResolved.Should().BeTrue();
        result.Token.Should().Be(harness.Token);
        result.Source.Should().Be(CredentialSource.PolicySecret);
        result.ToString().Should().NotContain(harness.Token);
    }

    [Fact]
    public async Task A_missing_secret_or_key_is_CredentialsNotFound_with_what_to_do()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var resolver = Resolver(harness);

        var noSecret = await resolver.ResolveAsync(Policy(ns, 1, new SecretKeyReference { Name = "nope" }), CancellationToken.None);
        var noKey = await resolver.ResolveAsync(Policy(ns, 1, new SecretKeyReference { Name = OperatorHarness.TokenSecretName, Key = "other" }), CancellationToken.None);

        noSecret.IsResolved.Should().BeFalse();
        noSecret.Reason.Should().Be(Reasons.CredentialsNotFound);
        noSecret.Message.Should().Contain("'nope'").And.Contain(ns);
        noKey.Reason.Should().Be(Reasons.CredentialsNotFound);
        noKey.Message.Should().Contain("'other'");
    }

    [Fact]
    public async Task A_secret_in_another_namespace_is_never_used()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        await harness.CreateNamespaceWithTokenAsync("owner");
        await harness.Namespaces.CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "thief" } }, CancellationToken.None);

        var result = await Resolver(harness).ResolveAsync(Policy("thief", 1, new SecretKeyReference { Name = OperatorHarness.TokenSecretName }), CancellationToken.None);

        result.Reason.Should().Be(Reasons.CredentialsNotFound);
    }

    [Fact]
    public async Task The_platform_token_needs_the_droplet_in_the_namespace_annotation()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var allowed = await harness.CreateNamespaceWithTokenAsync(annotations: new Dictionary<string, string> { [ApiConstants.AllowedDropletsAnnotation] = "42,43" });
        var plain = await harness.CreateNamespaceWithTokenAsync();
        var resolver = Resolver(harness, new BackupsOperatorOptions { OperatorNamespace = OperatorHarness.OperatorNamespace, PlatformToken = PlatformToken });

        var ok = await resolver.ResolveAsync(Policy(allowed, 43, null), CancellationToken.None);
        var otherDroplet = await resolver.ResolveAsync(Policy(allowed, 44, null), CancellationToken.None);
        var noAnnotation = await resolver.ResolveAsync(Policy(plain, 43, null), CancellationToken.None);

        ok.Token.Should().Be(PlatformToken);
        ok.Source.Should().Be(CredentialSource.PlatformToken);
        otherDroplet.Reason.Should().Be(Reasons.NotOwner);
        noAnnotation.Reason.Should().Be(Reasons.NotOwner);
        noAnnotation.Message.Should().Contain(ApiConstants.AllowedDropletsAnnotation).And.NotContain(PlatformToken);
    }

    [Fact]
    public async Task The_platform_token_comes_from_the_operator_namespaces_secret_when_not_in_the_environment()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        var allowed = await harness.CreateNamespaceWithTokenAsync(annotations: new Dictionary<string, string> { [ApiConstants.AllowedDropletsAnnotation] = "7" });
        var options = new BackupsOperatorOptions { OperatorNamespace = OperatorHarness.OperatorNamespace, PlatformTokenSecretName = "platform" };

        var missing = await Resolver(harness, options).ResolveAsync(Policy(allowed, 7, null), CancellationToken.None);
        await harness.Secrets.CreateAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "platform", NamespaceProperty = OperatorHarness.OperatorNamespace },
            StringData = new Dictionary<string, string> { ["token"] = PlatformToken + "\n" },
        }, CancellationToken.None);
        var found = await Resolver(harness, options).ResolveAsync(Policy(allowed, 7, null), CancellationToken.None);
        var unconfigured = await Resolver(harness).ResolveAsync(Policy(allowed, 7, null), CancellationToken.None);

        missing.Reason.Should().Be(Reasons.CredentialsNotFound);
        found.Token.Should().Be(PlatformToken);
        unconfigured.Reason.Should().Be(Reasons.CredentialsNotFound);
    }

    private sealed class StaticOptions(BackupsOperatorOptions value) : IOptionsMonitor<BackupsOperatorOptions>
    {
        public BackupsOperatorOptions CurrentValue => value;

        public BackupsOperatorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BackupsOperatorOptions, string?> listener) => null;
    }
}
