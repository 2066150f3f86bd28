using Backups.Operator.Testing;

namespace Backups.Operator.Cli.Tests.EndToEnd;

/// <summary>
/// One <see cref="LocalStack"/> (local API server, DigitalOcean simulator, operator) for the plugin's end-to-end tests,
/// with namespace team-a, its token Secret and the Pro policy <c>shop</c> (droplet 3164444) of <c>examples/</c> applied.
/// </summary>
public sealed class PluginStack : IAsyncLifetime
{
    public const long ShopDropletId = 3164444;
    public const string TeamA = "team-a@example.com";

    public LocalStack Stack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("kubectl is installed by `make tools` (make test runs it first)");
        File.Exists(PluginProcess.Executable).Should().BeTrue("the plugin is built with the test project");
        Stack = await LocalStack.StartAsync(new LocalStackOptions());
        await Stack.Kubectl.RunCheckedAsync("apply", "-f", LocalStack.Example("00-namespace.yaml"), "-f", LocalStack.Example("01-token-secret.yaml"),
            "-f", LocalStack.Example("12-policy-pro.yaml"));
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();

    /// <summary>Runs the built plugin against the stack (namespace team-a).</summary>
    public Task<PluginResult> PluginAsync(string? input, params string[] args) =>
        PluginProcess.RunAsync(Stack.Kubeconfig, input, [.. args, "-n", "team-a"]);

    /// <summary>A manual backup of shop made with <c>kubectl backup create --wait</c>; fails unless it is Available.</summary>
    public async Task<PluginResult> CreateAvailableBackupAsync(string name)
    {
        var result = await PluginAsync(null, "create", "shop", "--name", name, "--wait", "--timeout", "3m");
        result.ExitCode.Should().Be(0, result.ToString());
        (await Stack.PhaseAsync("backup", name)).Should().Be("Available");
        return result;
    }

    /// <summary><c>.status.snapshotId</c> of a Backup.</summary>
    public async Task<string> SnapshotIdAsync(string backup) =>
        (await Stack.Kubectl.RunCheckedAsync("-n", "team-a", "get", "backup", backup, "-o", "jsonpath={.status.snapshotId}")).Trim();

    /// <summary>The names of the BackupRestores of team-a.</summary>
    public async Task<IReadOnlyList<string>> RestoresAsync() =>
        (await Stack.Kubectl.RunCheckedAsync("-n", "team-a", "get", "backuprestores", "-o", "name"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
