using System.Globalization;
using System.Text;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.EndToEnd;

/// <summary>
/// Issue 9, points 1 and 11, with real processes (<see cref="LocalStack"/>: the built local API server with a state file, the
/// simulator and the operator, driven by kubectl): a BackupPolicy the operator cannot decode sits in one namespace (put
/// there through the API server's state file, since the API now refuses it), and every other namespace keeps getting its
/// Backups to Available, also across a restart of the API server that keeps its state (docs/kubernetes-runtime.md,
/// "Undecodable objects" and "The local API server's state").
/// </summary>
public sealed class PoisonObjectEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "dop_v1_simulator_poison_000000000000000000000000000000000000000000000000000000000000";
    private const int Tenants = 50;
    private const long PoisonedDroplet = 7100000;
    private LocalStack _stack = null!;

    public async Task InitializeAsync()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("kubectl is installed by `make tools` (make test runs it first)");
        var seed = Path.Combine(Path.GetTempPath(), $"poison-seed-{Guid.NewGuid():N}.json");
        var droplets = Enumerable.Range(0, Tenants + 1).Select(i => $$"""
            {"id":{{PoisonedDroplet + i}},"name":"d{{i}}","region":"nyc3","sizeSlug":"s-1vcpu-1gb","diskGigabytes":1,"usedGigabytes":0.8,"memoryMegabytes":1024,"vcpus":1,"dataVersion":"v1"}
            """);
        await File.WriteAllTextAsync(seed, $$"""{"accounts":[{"token":"{{Token}}","email":"poison@example.com","dropletLimit":100,"droplets":[{{string.Join(",", droplets)}}]}]}""");
        _stack = await LocalStack.StartAsync(new LocalStackOptions { Log = output.WriteLine, KeepApiServerState = true, StartOperator = false, SeedPath = seed });
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task A_poison_policy_in_one_namespace_never_stops_the_backups_of_the_others_nor_an_API_server_restart()
    {
        // A valid policy, made undecodable (dropletId 2^63) in the stopped API server's state file.
        await ApplyAsync(Tenant("poisoned", PoisonedDroplet, backup: false));
        await _stack.RestartApiServerAsync(async () =>
        {
            var state = await File.ReadAllTextAsync(_stack.ApiServerStatePath);
            var poisoned = state.Replace($"\"dropletId\":{PoisonedDroplet}", "\"dropletId\":9223372036854775808", StringComparison.Ordinal);
            poisoned.Should().NotBe(state, "the state file holds the policy");
            await File.WriteAllTextAsync(_stack.ApiServerStatePath, poisoned);
        });

        // The operator starts with the poison object present: it gets ready, and every other namespace is served.
        await _stack.StartOperatorAsync();
        var manifests = new StringBuilder();
        for (var i = 1; i <= Tenants; i++)
        {
            manifests.Append(Tenant($"tenant-{i}", PoisonedDroplet + i, backup: true));
        }

        await ApplyAsync(manifests.ToString());
        for (var i = 1; i <= Tenants; i++)
        {
            var ns = $"tenant-{i}";
            await _stack.WaitAsync($"Backup b in {ns} Available", async () => await _stack.PhaseAsync("backup", "b", ns) == "Available");
        }

        _stack.Operator!.Output.Should().Contain("cannot be decoded").And.Contain("namespace poisoned, name shop");
        (await _stack.MetricsAsync()).Should().Contain("informer_undecodable_objects_total{resource=\"backuppolicies.backup.platform.dev\"}");
        await _stack.WaitAsync("an Undecodable event on the poisoned policy", async () =>
            (await _stack.Kubectl.RunCheckedAsync("-n", "poisoned", "get", "events", "-o", "jsonpath={.items[*].reason}")).Contains("Undecodable", StringComparison.Ordinal));

        // The API server restarts keeping its state: the operator's watches resume or relist, and new Backups still complete.
        await _stack.RestartApiServerAsync();
        var again = new StringBuilder();
        for (var i = 1; i <= 3; i++)
        {
            again.Append(Backup($"tenant-{i}", "after-restart"));
        }

        await ApplyAsync(again.ToString());
        for (var i = 1; i <= 3; i++)
        {
            var ns = $"tenant-{i}";
            await _stack.WaitAsync($"Backup after-restart in {ns} Available", async () => await _stack.PhaseAsync("backup", "after-restart", ns) == "Available");
            (await _stack.PhaseAsync("backup", "b", ns)).Should().Be("Available", "the Backups from before the restart are still there");
        }

        (await _stack.HealthAsync("/readyz")).Should().Be(System.Net.HttpStatusCode.OK);
        var snapshots = await _stack.Simulator.SnapshotsAsync("poison@example.com");
        snapshots.Count.Should().Be(Tenants + 3, "one snapshot per Backup, none duplicated across the restart");
    }

    private async Task ApplyAsync(string yaml)
    {
        var file = Path.Combine(_stack.Directory, $"apply-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        await _stack.Kubectl.RunCheckedAsync("apply", "-f", file);
    }

    private static string Tenant(string ns, long droplet, bool backup) => $"""
        apiVersion: v1
        kind: Namespace
        metadata: {"{"} name: {ns} {"}"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {"{"} name: do-token, namespace: {ns} {"}"}
        stringData: {"{"} token: {Token} {"}"}
        ---
        apiVersion: backup.platform.dev/v1alpha1
        kind: BackupPolicy
        metadata: {"{"} name: shop, namespace: {ns} {"}"}
        spec:
          dropletId: {droplet.ToString(CultureInfo.InvariantCulture)}
          plan: Pro
          credentialsSecretRef: {"{"} name: do-token, key: token {"}"}
        ---

        """ + (backup ? Backup(ns, "b") : string.Empty);

    private static string Backup(string ns, string name) => $"""
        apiVersion: backup.platform.dev/v1alpha1
        kind: Backup
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        spec: {"{"} policyName: shop {"}"}
        ---

        """;
}
