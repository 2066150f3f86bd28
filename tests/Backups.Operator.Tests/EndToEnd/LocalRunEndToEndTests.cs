using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.EndToEnd;

/// <summary>
/// The pieces of <c>make run</c> as real processes (the built local API server, simulator and operator, started with
/// <c>dotnet &lt;dll&gt;</c> on free loopback ports) driven by the real kubectl with the files of <c>examples/</c>: a manual
/// backup reaches Available, a restore with a safety backup succeeds and brings the droplet's data back, and deleting the
/// policy leaves no snapshot in the simulator. Real time: the simulator runs actions in about a second.
/// </summary>
public sealed partial class LocalRunEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long ShopDropletId = 3164444;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);
    private readonly string _directory = Directory.CreateTempSubdirectory("backups-e2e-").FullName;
    private readonly List<ChildProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            output.WriteLine($"----- {process.Name} (last lines) -----\n{Tail(process.Output, 60)}");
            await process.DisposeAsync();
        }

        _http.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Examples_applied_with_kubectl_back_up_restore_and_clean_up_every_snapshot()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("kubectl is installed by `make tools` (make test runs it first)");
        var ports = FreePorts(4);
        var (apiPort, simulatorPort, metricsPort, healthPort) = (ports[0], ports[1], ports[2], ports[3]);
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        var kubectl = new Kubectl(kubeconfig, Path.Combine(_directory, "kube-cache"));
        var simulator = new Uri($"http://127.0.0.1:{simulatorPort}/");

        _processes.Add(ChildProcess.Start("api-server", "dotnet",
            [Dll("tests/Backups.Operator.ApiServer", "Backups.Operator.ApiServer"), "--port", $"{apiPort}", "--kubeconfig", kubeconfig, "--crds", RepositoryPaths.Crds]));
        _processes.Add(ChildProcess.Start("simulator", "dotnet",
            [Dll("operator/Backups.Operator.Simulator", "Backups.Operator.Simulator"), "--urls", simulator.ToString().TrimEnd('/'), "--seed", WriteSeed(),
             "--seconds-per-gb", "1", "--min-action-seconds", "1"]));
        await EventuallyAsync("the API server serves the CRDs", async () =>
            File.Exists(kubeconfig) && (await kubectl.RunAsync(["get", "crd", "backups.backup.platform.dev"])).ExitCode == 0);
        await EventuallyAsync("the simulator is healthy", async () => await OkAsync(new Uri(simulator, "_simulator/health")));

        _processes.Add(ChildProcess.Start("operator", "dotnet",
            [Dll("operator/Backups.Operator", "Backups.Operator"), "--kubeconfig", kubeconfig, "--digitalocean-url", simulator.ToString(),
             "--metrics-port", $"{metricsPort}", "--health-port", $"{healthPort}", "--bind-address", "127.0.0.1"]));
        await EventuallyAsync("the operator is ready", async () => await OkAsync(new Uri($"http://127.0.0.1:{healthPort}/readyz")));

        // 1. A manual backup of the Pro policy reaches Available.
        var applied = DateTimeOffset.UtcNow;
        await kubectl.RunCheckedAsync("apply", "-f", Example("00-namespace.yaml"), "-f", Example("01-token-secret.yaml"),
            "-f", Example("12-policy-pro.yaml"), "-f", Example("20-backup-manual.yaml"));
        var post = await EventuallyAsync("the snapshot POST of the manual backup", async () =>
            (await RequestsAsync(simulator)).FirstOrDefault(r => r.Operation == "snapshot_droplet" && r.StatusCode == 201));
        output.WriteLine($"kubectl apply -> snapshot POST: {(post.Time - applied).TotalMilliseconds:0} ms");
        await EventuallyAsync("Backup shop-before-v2 Available", async () =>
            await PhaseAsync(kubectl, "backup", "shop-before-v2") == "Available");
        var backedUpVersion = await DataVersionAsync(simulator);

        // 2. The data changes; a restore (with its safety backup) brings the backup's data back.
        using (var change = await _http.PutAsJsonAsync(new Uri(simulator, $"_simulator/droplets/{ShopDropletId}/data-version"), new { dataVersion = "shop-v2-broken" }))
        {
            change.EnsureSuccessStatusCode();
        }

        await kubectl.RunCheckedAsync("apply", "-f", Example("30-restore.yaml"));
        await EventuallyAsync("BackupRestore shop-rollback Succeeded", async () =>
        {
            var phase = await PhaseAsync(kubectl, "backuprestore", "shop-rollback");
            phase.Should().NotBe("Failed", "the restore must not fail");
            return phase == "Succeeded";
        });
        (await DataVersionAsync(simulator)).Should().Be(backedUpVersion);
        (await SnapshotsAsync(simulator)).Should().HaveCount(2, "the manual backup and the safety backup");

        // 3. Deleting the policy deletes its backups and every snapshot.
        await kubectl.RunCheckedAsync("delete", "-f", Example("12-policy-pro.yaml"), "--wait=false");
        await EventuallyAsync("no snapshot left in the simulator", async () => (await SnapshotsAsync(simulator)).Count == 0);
        await EventuallyAsync("no Backup left", async () =>
            (await kubectl.RunCheckedAsync("-n", "team-a", "get", "backups", "-o", "name")).Trim().Length == 0);

        var requests = await RequestsAsync(simulator);
        output.WriteLine($"DigitalOcean requests: {requests.Count} ({string.Join(", ", requests.GroupBy(r => r.Operation).Select(g => $"{g.Key}={g.Count()}"))})");
        requests.Count(r => r.Operation == "snapshot_droplet" && r.StatusCode == 201).Should().Be(2);
    }

    private static string Dll(string project, string assembly)
    {
        // tests/Backups.Operator.Tests/bin/<Configuration>/net10.0/ -> the same configuration of the other project.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, project, "bin", configuration, "net10.0", assembly + ".dll");
        File.Exists(path).Should().BeTrue($"{path} is built with the test project");
        return path;
    }

    private static string Example(string file) => Path.Combine(RepositoryPaths.Examples, file);

    /// <summary>The examples' seed (same tokens, droplet ids, data versions) with 1 GB disks, as scripts/run-local.sh writes it.</summary>
    private string WriteSeed()
    {
        var seed = File.ReadAllText(Path.Combine(RepositoryPaths.Examples, "simulator", "seed.json"));
        seed = DiskPattern().Replace(seed, "\"diskGigabytes\": 1");
        seed = UsedPattern().Replace(seed, "\"usedGigabytes\": 0.8");
        var path = Path.Combine(_directory, "seed.json");
        File.WriteAllText(path, seed);
        return path;
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private async Task<bool> OkAsync(Uri uri)
    {
        try
        {
            using var response = await _http.GetAsync(uri);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<string> PhaseAsync(Kubectl kubectl, string kind, string name)
    {
        var (code, text, _) = await kubectl.RunAsync(["-n", "team-a", "get", kind, name, "-o", "jsonpath={.status.phase}"]);
        return code == 0 ? text.Trim() : string.Empty;
    }

    private async Task<string> DataVersionAsync(Uri simulator)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(simulator, $"_simulator/droplets/{ShopDropletId}")));
        return document.RootElement.GetProperty("dataVersion").GetString()!;
    }

    private async Task<IReadOnlyList<JsonElement>> SnapshotsAsync(Uri simulator)
    {
        using var accounts = JsonDocument.Parse(await _http.GetStringAsync(new Uri(simulator, "_simulator/accounts")));
        var teamA = accounts.RootElement.EnumerateArray().Single(a => a.GetProperty("email").GetString() == "team-a@example.com");
        using var snapshots = JsonDocument.Parse(await _http.GetStringAsync(new Uri(simulator, $"_simulator/accounts/{teamA.GetProperty("uuid").GetString()}/snapshots")));
        return snapshots.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private async Task<IReadOnlyList<Request>> RequestsAsync(Uri simulator)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(simulator, "_simulator/requests?recent=10000")));
        return document.RootElement.GetProperty("recent").EnumerateArray()
            .Select(e => new Request(e.GetProperty("operation").GetString()!, e.GetProperty("statusCode").GetInt32(), e.GetProperty("time").GetDateTimeOffset()))
            .ToList();
    }

    private async Task EventuallyAsync(string what, Func<Task<bool>> condition) =>
        await EventuallyAsync(what, async () => await condition() ? true : (bool?)null);

    private async Task<T> EventuallyAsync<T>(string what, Func<Task<T?>> probe)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            foreach (var process in _processes.Where(p => p.HasExited))
            {
                throw new InvalidOperationException($"{process.Name} exited while waiting for {what}:\n{Tail(process.Output, 40)}");
            }

            if (await probe() is { } value && (value is not bool b || b))
            {
                output.WriteLine($"{watch.Elapsed.TotalSeconds,6:0.0} s  {what}");
                return value;
            }

            if (watch.Elapsed > StepTimeout)
            {
                throw new TimeoutException($"Waited {StepTimeout} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    [GeneratedRegex("\"diskGigabytes\": *[0-9.]+")]
    private static partial Regex DiskPattern();

    [GeneratedRegex("\"usedGigabytes\": *[0-9.]+")]
    private static partial Regex UsedPattern();

    private sealed record Request(string Operation, int StatusCode, DateTimeOffset Time);
}
