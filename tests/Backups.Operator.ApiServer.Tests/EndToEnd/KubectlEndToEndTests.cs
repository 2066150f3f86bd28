using Backups.Operator.ApiServer.Tests.Infrastructure;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.EndToEnd;

/// <summary>
/// The real kubectl binary against the server: the repository's crds/ and examples/ when they exist (else the
/// fixtures shaped like them), printer columns, server-side validation, status subresource, wait, finalizers,
/// get -w and namespace deletion.
/// </summary>
public sealed class KubectlEndToEndTests
{
    private static string ManifestDirectory(string name, bool preferRepository)
    {
        var root = Kubectl.RepositoryRoot();
        var real = root is null ? null : Path.Combine(root, name);
        return preferRepository && real is not null && Directory.Exists(real) && Directory.EnumerateFiles(real, "*.yaml").Any() ? real : FixtureDirectory(name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Kubectl_applies_lists_validates_waits_deletes_and_watches(bool repositoryManifests)
    {
        await using var server = await StartAsync(installCrds: false);
        using var kubectl = new Kubectl(server);

        var crds = await kubectl.RunAsync("apply", "-f", ManifestDirectory("crds", repositoryManifests));
        var examples = await kubectl.RunAsync("apply", "-f", ManifestDirectory("examples", repositoryManifests));
        var listed = await kubectl.RunAsync("get", "bkp", "-A");
        var invalid = await kubectl.ApplyAsync("""
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: gold, namespace: team-a}
            spec: {dropletId: 42, plan: Gold}
            """);
        var unknownField = await kubectl.ApplyAsync("""
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: typo, namespace: team-a}
            spec: {dropletId: 42, plan: Pro, schedul: "0 3 * * *"}
            """);
        var immutable = await kubectl.RunAsync("patch", "bkp", "shop", "-n", "team-a", "--type=merge", "-p", """{"spec":{"dropletId":999}}""");

        crds.ExitCode.Should().Be(0, crds.ToString());
        examples.ExitCode.Should().Be(0, examples.ToString());
        listed.ExitCode.Should().Be(0, listed.ToString());
        listed.Output.Should().Contain("PLAN").And.Contain("DROPLET").And.Contain("shop").And.Contain("Pro");
        invalid.ExitCode.Should().NotBe(0);
        invalid.Error.Should().Contain("spec.plan").And.Contain("Unsupported value: \"Gold\"");
        unknownField.ExitCode.Should().NotBe(0);
        unknownField.Error.Should().Contain("unknown field \"spec.schedul\"");
        immutable.ExitCode.Should().NotBe(0);
        immutable.Error.Should().Contain("spec.dropletId").And.Contain("immutable");

        var statusPatch = await kubectl.RunAsync("patch", "bkp", "shop", "-n", "team-a", "--subresource=status", "--type=merge", "-p",
            """{"status":{"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"Reconciled","message":"ok","observedGeneration":1,"lastTransitionTime":"2026-11-26T12:00:00Z"}]}}""");
        var waited = await kubectl.RunAsync("wait", "--for=condition=Ready", "bkp/shop", "-n", "team-a", "--timeout=30s");
        var ready = await kubectl.RunAsync("get", "bkp", "shop", "-n", "team-a");

        statusPatch.ExitCode.Should().Be(0, statusPatch.ToString());
        waited.ExitCode.Should().Be(0, waited.ToString());
        waited.Output.Should().Contain("condition met");
        ready.Output.Should().Contain("True");

        using var watcher = kubectl.StartBackground("get", "backups", "-n", "team-a", "-w", "--output-watch-events");
        await EventuallyAsync(() => Task.FromResult(watcher.Output.Contains("shop-before-v2", StringComparison.Ordinal)), "kubectl get -w to list before the changes");
        var finalizer = await kubectl.RunAsync("patch", "backup", "shop-before-v2", "-n", "team-a", "--type=merge", "-p", """{"metadata":{"finalizers":["backup.platform.dev/snapshot-cleanup"]}}""");
        var delete = await kubectl.RunAsync("delete", "backup", "shop-before-v2", "-n", "team-a", "--wait=false");
        var pending = await kubectl.RunAsync("get", "backup", "shop-before-v2", "-n", "team-a", "-o", "jsonpath={.metadata.deletionTimestamp}");
        var release = await kubectl.RunAsync("patch", "backup", "shop-before-v2", "-n", "team-a", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""");
        var gone = await kubectl.RunAsync("get", "backup", "shop-before-v2", "-n", "team-a");
        await EventuallyAsync(() => Task.FromResult(watcher.Output.Contains("DELETED", StringComparison.Ordinal)), $"kubectl get -w to print the deletion; saw:\n{watcher.Output}");

        finalizer.ExitCode.Should().Be(0, finalizer.ToString());
        delete.ExitCode.Should().Be(0, delete.ToString());
        pending.Output.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", "the object waits for its finalizer with a deletionTimestamp");
        release.ExitCode.Should().Be(0, release.ToString());
        gone.ExitCode.Should().NotBe(0);
        gone.Error.Should().Contain("NotFound");
        watcher.Output.Should().Contain("MODIFIED").And.Contain("shop-before-v2");

        var namespaceDeleted = await kubectl.RunAsync("delete", "namespace", "team-a", "--timeout=30s");
        var namespaceGone = await kubectl.RunAsync("get", "namespace", "team-a");
        var policiesGone = await kubectl.RunAsync("get", "bkp", "-A", "-o", "name");

        namespaceDeleted.ExitCode.Should().Be(0, namespaceDeleted.ToString());
        namespaceGone.ExitCode.Should().NotBe(0);
        namespaceGone.Error.Should().Contain("NotFound");
        policiesGone.Output.Trim().Should().BeEmpty();
    }
}
