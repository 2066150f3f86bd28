using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Yaml;
using Backups.Operator.Install.Tests.Infrastructure;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Install.Tests.EndToEnd;

/// <summary>
/// The chart's permissions, proven: <c>helm install</c> into the local API server with RBAC enforced, the operator
/// started as the chart's pod would start it (in-cluster: service host/port, the service account's token and CA; the
/// Deployment's arguments and environment), the whole lifecycle (automatic and manual backups, restore, platform
/// token, deploymentRef, policy and namespace deletion, credentials finalizer), then: no request of the operator
/// refused, every permission the chart grants used, tenants' access through the aggregated roles, and helm upgrade /
/// uninstall leaving CRDs, Backups and snapshots in place.
/// </summary>
public sealed class HelmInstalledOperatorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Release = RenderedChart.Release;
    private const string OperatorNamespace = RenderedChart.Namespace;
    private const string OperatorUser = $"system:serviceaccount:{OperatorNamespace}:{Release}";
    private const string TeamAToken = "dop_v1_simulator_team_a_0000000000000000000000000000000000000000000000000000000000a";
    private const string TeamBToken = "dop_v1_simulator_team_b_0000000000000000000000000000000000000000000000000000000000b";
    private const string AliceToken = "alice-token-0123456789";
    private const string BobToken = "bob-token-0123456789";

    private readonly string _directory = Directory.CreateTempSubdirectory("backups-install-").FullName;
    private LocalStack _stack = null!;

    private string AuditLog => Path.Combine(_directory, "audit.log");

    private string ServiceAccountDirectory => Path.Combine(_directory, "serviceaccount");

    public async Task InitializeAsync()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("kubectl and helm are installed by `make tools`");
        var tokens = Path.Combine(_directory, "tokens.csv");
        await File.WriteAllTextAsync(tokens, $"{AliceToken},alice,1001\n{BobToken},bob,1002\n");
        _stack = await LocalStack.StartAsync(new LocalStackOptions
        {
            StartOperator = false,
            InstallCrds = false,
            ApiServerArguments = ["--authorization-mode", "RBAC", "--token-auth-file", tokens, "--audit-log-path", AuditLog],
            OperatorInCluster = true,
            OperatorServiceAccountDirectory = ServiceAccountDirectory,
            Log = output.WriteLine,
        });
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_operator_runs_the_whole_lifecycle_with_exactly_the_charts_permissions()
    {
        var kubectl = _stack.Kubectl;
        var simulator = _stack.Simulator;

        // 1. helm install, with a platform token Secret and a deploymentRef kind.
        await kubectl.RunCheckedAsync("create", "namespace", OperatorNamespace);
        await kubectl.RunCheckedAsync("-n", OperatorNamespace, "create", "secret", "generic", "platform-token", $"--from-literal=token={TeamAToken}");
        await Tool.HelmAsync(_stack.Kubeconfig, "install", Release, RenderedChart.ChartDirectory, "-n", OperatorNamespace,
            "--set", "platformToken.existingSecret=platform-token");
        var installed = YamlDocuments.Parse(await Tool.HelmAsync(_stack.Kubeconfig, "get", "manifest", Release, "-n", OperatorNamespace));

        // 2. The operator as the pod runs it: the Deployment's arguments and environment, its service account's token.
        var pod = ChartPod.Of(installed, Release);
        await WriteServiceAccountAsync(pod.ServiceAccount);
        output.WriteLine($"operator arguments from the chart: {string.Join(' ', pod.Arguments)}");
        await _stack.StartOperatorAsync(pod.ArgumentsForLoopback, environment: pod.Environment);

        // 3. Tenants: team-a (own token Secret, a Deployment the policy belongs to, platform token allowed for blog).
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team-a
              annotations:
                backup.platform.dev/allowed-droplets: "3164445"
            ---
            apiVersion: v1
            kind: Secret
            metadata: { name: do-token, namespace: team-a }
            stringData: { token: {{TeamAToken}} }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: shop, namespace: team-a }
            spec:
              selector: { matchLabels: { app: shop } }
              template:
                metadata: { labels: { app: shop } }
                spec: { containers: [ { name: shop, image: "shop:1" } ] }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupPolicy
            metadata: { name: shop, namespace: team-a }
            spec:
              dropletId: 3164444
              plan: Pro
              schedule: "* * * * *"
              credentialsSecretRef: { name: do-token }
              deploymentRef: { apiVersion: apps/v1, kind: Deployment, name: shop }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata: { name: shop-before-v2, namespace: team-a }
            spec: { policyName: shop, type: Manual }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupPolicy
            metadata: { name: blog, namespace: team-a }
            spec: { dropletId: 3164445, plan: Advanced }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata: { name: blog-manual, namespace: team-a }
            spec: { policyName: blog, type: Manual }
            """);
        await _stack.WaitAsync("Backup shop-before-v2 Available", async () => await _stack.PhaseAsync("backup", "shop-before-v2") == "Available");
        await _stack.WaitAsync("Backup blog-manual Available (platform token)", async () => await _stack.PhaseAsync("backup", "blog-manual") == "Available");
        await _stack.WaitAsync("an automatic backup of shop (schedule every minute) Available", async () =>
            (await kubectl.RunCheckedAsync("-n", "team-a", "get", "backups", "-o", "jsonpath={range .items[?(@.spec.type==\"Automatic\")]}{.status.phase}{\"\\n\"}{end}"))
                .Split('\n').Contains("Available"), TimeSpan.FromMinutes(3));

        // 4. Restore (with its safety backup).
        var backedUp = await simulator.DataVersionAsync(3164444);
        await simulator.SetDataVersionAsync(3164444, "shop-v2-broken");
        await ApplyAsync("""
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupRestore
            metadata: { name: shop-rollback, namespace: team-a }
            spec: { backupName: shop-before-v2, confirmDropletId: 3164444, preRestoreBackup: true }
            """);
        await _stack.WaitAsync("BackupRestore shop-rollback Succeeded", async () => await _stack.PhaseAsync("backuprestore", "shop-rollback") == "Succeeded");
        (await simulator.DataVersionAsync(3164444)).Should().Be(backedUp);

        // A restore of a Backup whose policy does not exist: the policy is read past the informer cache (404) and the
        // restore fails without touching any droplet.
        await ApplyAsync("""
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata: { name: orphan, namespace: team-a }
            spec: { policyName: ghost, type: Manual }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupRestore
            metadata: { name: orphan-restore, namespace: team-a }
            spec: { backupName: orphan, confirmDropletId: 3164444, preRestoreBackup: false }
            """);
        await _stack.WaitAsync("BackupRestore orphan-restore Failed", async () => await _stack.PhaseAsync("backuprestore", "orphan-restore") == "Failed");

        // 5. Policy deletion (blog: its backup and snapshot go).
        await kubectl.RunCheckedAsync("-n", "team-a", "delete", "backuppolicy", "blog", "--wait=false");
        await _stack.WaitAsync("policy blog and its backups gone", async () =>
            (await kubectl.RunCheckedAsync("-n", "team-a", "get", "backups,backuppolicies", "-o", "name")).Split('\n').All(n => !n.Contains("blog", StringComparison.Ordinal)));

        // 6. Namespace deletion with a credentials Secret in use: everything goes, the finalizer is released.
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Namespace
            metadata: { name: team-c }
            ---
            apiVersion: v1
            kind: Secret
            metadata: { name: do-token, namespace: team-c }
            stringData: { token: {{TeamBToken}} }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupPolicy
            metadata: { name: crm, namespace: team-c }
            spec: { dropletId: 3164450, plan: Pro, credentialsSecretRef: { name: do-token } }
            ---
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata: { name: crm-manual, namespace: team-c }
            spec: { policyName: crm, type: Manual }
            """);
        await _stack.WaitAsync("Backup crm-manual Available", async () => await _stack.PhaseAsync("backup", "crm-manual", "team-c") == "Available");
        (await kubectl.RunCheckedAsync("-n", "team-c", "get", "secret", "do-token", "-o", "jsonpath={.metadata.finalizers}"))
            .Should().Contain("credentials-in-use");
        await kubectl.RunCheckedAsync("delete", "namespace", "team-c", "--wait=false");
        await _stack.WaitAsync("namespace team-c gone", async () => (await kubectl.RunAsync(["get", "namespace", "team-c"])).ExitCode != 0);
        await _stack.WaitAsync("no snapshot of team-b left", async () => (await simulator.SnapshotsAsync("team-b@example.com")).Count == 0);

        // 7. Tenants through the aggregated roles.
        await TenantAccessAsync();

        // 8. The operator's requests: none refused, every granted permission used.
        await _stack.KillOperatorAsync();
        var records = AuditRecord.Read(AuditLog).Where(r => r.User == OperatorUser).ToList();
        output.WriteLine($"{records.Count} requests of {OperatorUser}");
        records.Where(r => !r.Allowed || r.Code == 401).Select(r => r.ToString()).Should().BeEmpty("no request of the operator may be refused");
        // Allowed by RBAC but refused by admission as in a real cluster: events in a namespace being deleted.
        foreach (var refused in records.Where(r => r.Allowed && r.Code == 403))
        {
            refused.Resource.Should().Be("events", "only NamespaceLifecycle may refuse the operator: event writes into a terminating namespace");
            output.WriteLine($"refused by namespace lifecycle (not RBAC): {refused}");
        }
        var granted = GrantedPermission.Of(installed, new HashSet<string> { Release, $"{Release}-leader-election" });
        foreach (var permission in granted)
        {
            var uses = records.Where(permission.UsedBy).ToList();
            output.WriteLine($"{permission}: {uses.Count} requests, e.g. {uses.FirstOrDefault()}");
        }

        granted.Where(p => !records.Any(p.UsedBy) && !DeliberatelyUnused.ContainsKey(p.ToString())).Select(p => p.ToString())
            .Should().BeEmpty("every permission the chart grants is used (exceptions: DeliberatelyUnused)");

        // 9. helm upgrade with changed values and helm uninstall keep CRDs, Backups and snapshots.
        var backupsBefore = await BackupNamesAsync();
        var snapshotsBefore = (await simulator.SnapshotsAsync("team-a@example.com")).Count;
        snapshotsBefore.Should().BePositive();
        await Tool.HelmAsync(_stack.Kubeconfig, "upgrade", Release, RenderedChart.ChartDirectory, "-n", OperatorNamespace,
            "--set", "replicaCount=3", "--set", "logging.level=Debug", "--set", "networkPolicy.enabled=true");
        (await kubectl.RunCheckedAsync("-n", OperatorNamespace, "get", "deployment", Release, "-o", "jsonpath={.spec.replicas}")).Should().Be("3");
        (await BackupNamesAsync()).Should().BeEquivalentTo(backupsBefore);
        await Tool.HelmAsync(_stack.Kubeconfig, "uninstall", Release, "-n", OperatorNamespace);
        (await kubectl.RunAsync(["get", "clusterrole", Release])).ExitCode.Should().NotBe(0, "uninstall removes the operator's objects");
        (await kubectl.RunCheckedAsync("get", "crd", "-o", "name")).Should().Contain("backups.backup.platform.dev").And.Contain("backuppolicies.backup.platform.dev")
            .And.Contain("backuprestores.backup.platform.dev");
        (await BackupNamesAsync()).Should().BeEquivalentTo(backupsBefore);
        (await simulator.SnapshotsAsync("team-a@example.com")).Should().HaveCount(snapshotsBefore);
    }

    /// <summary>Permissions the lifecycle need not exercise, each with the reason it is granted anyway.</summary>
    private static readonly Dictionary<string, string> DeliberatelyUnused = new(StringComparer.Ordinal)
    {
        [$"{Release}: patch core/events"] = "the event recorder patches the count of an event repeated within its window instead of creating another; a short run may repeat none",
        [$"{Release}: patch backup.platform.dev/backupverifications"] = "this lifecycle runs no BackupVerification (its finalizer); Backups.Operator.Tests/Verifications covers the controller",
        [$"{Release}: patch backup.platform.dev/backupverifications/status"] = "this lifecycle runs no BackupVerification; Backups.Operator.Tests/Verifications covers the controller",
    };

    private async Task TenantAccessAsync()
    {
        var kubectl = _stack.Kubectl;
        await kubectl.RunCheckedAsync("create", "namespace", "team-b");
        await kubectl.RunCheckedAsync("-n", "team-a", "create", "rolebinding", "alice-edit", "--clusterrole=edit", "--user=alice");
        await kubectl.RunCheckedAsync("-n", "team-a", "create", "rolebinding", "bob-admin", "--clusterrole=admin", "--user=bob");
        static string Backup(string ns) => $$"""
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata: { name: alice-backup, namespace: {{ns}} }
            spec: { policyName: shop, type: Manual }
            """;
        var restore = """
            apiVersion: backup.platform.dev/v1alpha1
            kind: BackupRestore
            metadata: { name: again, namespace: team-a }
            spec: { backupName: shop-before-v2, confirmDropletId: 3164444 }
            """;

        var teamA = await AsUserAsync(AliceToken, Backup("team-a"), dryRun: true);
        teamA.ExitCode.Should().Be(0, $"edit may create Backups in its namespace: {teamA.Error}");
        var teamB = await AsUserAsync(AliceToken, Backup("team-b"), dryRun: true);
        teamB.ExitCode.Should().NotBe(0);
        teamB.Error.Should().Contain("backups.backup.platform.dev is forbidden: User \"alice\" cannot create resource \"backups\" in API group \"backup.platform.dev\" in the namespace \"team-b\"");
        var list = await kubectl.RunAsync(["--token", AliceToken, "-n", "team-b", "get", "backuppolicies"]);
        list.Error.Should().Contain("cannot list resource \"backuppolicies\" in API group \"backup.platform.dev\" in the namespace \"team-b\"");
        var aliceRestore = await AsUserAsync(AliceToken, restore, dryRun: true);
        aliceRestore.ExitCode.Should().NotBe(0);
        aliceRestore.Error.Should().Contain("User \"alice\" cannot create resource \"backuprestores\"");
        var bobRestore = await AsUserAsync(BobToken, restore, dryRun: true);
        bobRestore.ExitCode.Should().Be(0, $"admin may create BackupRestores: {bobRestore.Error}");
        output.WriteLine($"alice in team-b: {teamB.Error.Trim()}");
        output.WriteLine($"alice's restore: {aliceRestore.Error.Trim()}");
    }

    private async Task<(int ExitCode, string Output, string Error)> AsUserAsync(string token, string yaml, bool dryRun)
    {
        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        string[] arguments = ["--token", token, "create", "-f", file, .. dryRun ? new[] { "--dry-run=server" } : []];
        return await _stack.Kubectl.RunAsync(arguments);
    }

    private async Task ApplyAsync(string yaml)
    {
        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        await _stack.Kubectl.RunCheckedAsync("apply", "-f", file);
    }

    private async Task<IReadOnlyList<string>> BackupNamesAsync() =>
        (await _stack.Kubectl.RunCheckedAsync("get", "backups", "-A", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToList();

    /// <summary>What the kubelet mounts at /var/run/secrets/kubernetes.io/serviceaccount: token, ca.crt, namespace.</summary>
    private async Task WriteServiceAccountAsync(string serviceAccount)
    {
        var token = (await _stack.Kubectl.RunCheckedAsync("-n", OperatorNamespace, "create", "token", serviceAccount)).Trim();
        Directory.CreateDirectory(ServiceAccountDirectory);
        await File.WriteAllTextAsync(Path.Combine(ServiceAccountDirectory, "token"), token);
        File.Copy(Path.Combine(Path.GetDirectoryName(_stack.Kubeconfig)!, "ca.crt"), Path.Combine(ServiceAccountDirectory, "ca.crt"));
        await File.WriteAllTextAsync(Path.Combine(ServiceAccountDirectory, "namespace"), OperatorNamespace);
    }
}
