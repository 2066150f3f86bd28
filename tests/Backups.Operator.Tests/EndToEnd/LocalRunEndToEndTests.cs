using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.EndToEnd;

/// <summary>
/// The pieces of <c>make run</c> as real processes (<see cref="LocalStack"/>: the built local API server, simulator and
/// operator on free loopback ports) driven by the real kubectl with the files of <c>examples/</c>: a manual backup
/// reaches Available, a restore with a safety backup succeeds and brings the droplet's data back, and deleting the
/// policy leaves no snapshot in the simulator. Real time: the simulator runs actions in about a second.
/// </summary>
public sealed class LocalRunEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long ShopDropletId = 3164444;
    private const string TeamA = "team-a@example.com";
    private LocalStack _stack = null!;

    public async Task InitializeAsync()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("kubectl is installed by `make tools` (make test runs it first)");
        _stack = await LocalStack.StartAsync(new LocalStackOptions { Log = output.WriteLine });
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Examples_applied_with_kubectl_back_up_restore_and_clean_up_every_snapshot()
    {
        var (kubectl, simulator) = (_stack.Kubectl, _stack.Simulator);

        // 1. A manual backup of the Pro policy reaches Available.
        var applied = DateTimeOffset.UtcNow;
        await kubectl.RunCheckedAsync("apply", "-f", LocalStack.Example("00-namespace.yaml"), "-f", LocalStack.Example("01-token-secret.yaml"),
            "-f", LocalStack.Example("12-policy-pro.yaml"), "-f", LocalStack.Example("20-backup-manual.yaml"));
        var post = await Eventually.ValueAsync("the snapshot POST of the manual backup", async () =>
            (await simulator.RequestsAsync()).FirstOrDefault(r => r.Operation == "snapshot_droplet" && r.StatusCode == 201),
            _stack.Processes, output.WriteLine);
        output.WriteLine($"kubectl apply -> snapshot POST: {(post.Time - applied).TotalMilliseconds:0} ms");
        await _stack.WaitAsync("Backup shop-before-v2 Available", async () => await _stack.PhaseAsync("backup", "shop-before-v2") == "Available");
        var backedUpVersion = await simulator.DataVersionAsync(ShopDropletId);

        // 2. The data changes; a restore (with its safety backup) brings the backup's data back.
        await simulator.SetDataVersionAsync(ShopDropletId, "shop-v2-broken");
        await kubectl.RunCheckedAsync("apply", "-f", LocalStack.Example("30-restore.yaml"));
        await _stack.WaitAsync("BackupRestore shop-rollback Succeeded", async () =>
        {
            var phase = await _stack.PhaseAsync("backuprestore", "shop-rollback");
            phase.Should().NotBe("Failed", "the restore must not fail");
            return phase == "Succeeded";
        });
        (await simulator.DataVersionAsync(ShopDropletId)).Should().Be(backedUpVersion);
        (await simulator.SnapshotsAsync(TeamA)).Should().HaveCount(2, "the manual backup and the safety backup");

        // 3. Deleting the policy deletes its backups and every snapshot.
        await kubectl.RunCheckedAsync("delete", "-f", LocalStack.Example("12-policy-pro.yaml"), "--wait=false");
        await _stack.WaitAsync("no snapshot left in the simulator", async () => (await simulator.SnapshotsAsync(TeamA)).Count == 0);
        await _stack.WaitAsync("no Backup left", async () =>
            (await kubectl.RunCheckedAsync("-n", "team-a", "get", "backups", "-o", "name")).Trim().Length == 0);

        var requests = await simulator.RequestsAsync();
        output.WriteLine($"DigitalOcean requests: {requests.Count} ({string.Join(", ", requests.GroupBy(r => r.Operation).Select(g => $"{g.Key}={g.Count()}"))})");
        requests.Count(r => r.Operation == "snapshot_droplet" && r.StatusCode == 201).Should().Be(2);
    }
}
