using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Backups.Operator.Testing.Processes;
using Backups.Operator.Testing.Simulator;

namespace Backups.Operator.Testing;

/// <summary>How <see cref="LocalStack"/> starts its processes.</summary>
public sealed record LocalStackOptions
{
    /// <summary>Start the operator once the API server and simulator are up (otherwise call <see cref="LocalStack.StartOperatorAsync"/>).</summary>
    public bool StartOperator { get; init; } = true;

    /// <summary>Extra operator arguments (after the kubeconfig, DigitalOcean URL and ports LocalStack sets).</summary>
    public IReadOnlyList<string> OperatorArguments { get; init; } = [];

    /// <summary>Extra environment variables of the operator process.</summary>
    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra API server arguments.</summary>
    public IReadOnlyList<string> ApiServerArguments { get; init; } = [];

    /// <summary>
    /// Starts the API server some other way instead of the built program as a process (e.g. in the test process, to reach its
    /// fault switches): given the path the kubeconfig must be written to. It must install the CRDs when <see cref="InstallCrds"/>.
    /// </summary>
    public Func<string, CancellationToken, Task>? StartApiServer { get; init; }

    /// <summary>
    /// Keep the API server's objects in <see cref="LocalStack.ApiServerStatePath"/> (<c>--state-file</c>, as <c>make run</c>
    /// does), so <see cref="LocalStack.RestartApiServerAsync"/> brings them back.
    /// </summary>
    public bool KeepApiServerState { get; init; }

    /// <summary>Install the CRDs of <c>crds/</c> when the API server starts (false: a test installs them, e.g. with Helm).</summary>
    public bool InstallCrds { get; init; } = true;

    /// <summary>
    /// How the operator finds the API server: false (default) passes <c>--kubeconfig</c>; true starts it as in a pod
    /// (<c>KUBERNETES_SERVICE_HOST/PORT</c> and <see cref="OperatorServiceAccountDirectory"/> with token, ca.crt, namespace).
    /// </summary>
    public bool OperatorInCluster { get; init; }

    /// <summary>The service account directory an in-cluster operator reads (see <see cref="OperatorInCluster"/>).</summary>
    public string? OperatorServiceAccountDirectory { get; init; }

    /// <summary>The operator program (a dll run with <c>dotnet</c>); default: the built operator.</summary>
    public string? OperatorDll { get; init; }

    /// <summary>A command the operator's <c>dotnet</c> is started through (e.g. <c>setpriv --reuid 65532 ...</c>); empty: none.</summary>
    public IReadOnlyList<string> OperatorLauncher { get; init; } = [];

    /// <summary>The operator's working directory; default: the repository root.</summary>
    public string? OperatorWorkingDirectory { get; init; }

    /// <summary>The simulator's seed file; default: <c>examples/simulator/seed.json</c> with 1 GB disks, as <c>make run</c> writes it.</summary>
    public string? SeedPath { get; init; }

    /// <summary>Simulated action seconds per used GB and the minimum action seconds (fast by default).</summary>
    public double SimulatorSecondsPerGigabyte { get; init; } = 1;

    public double SimulatorMinActionSeconds { get; init; } = 1;

    /// <summary>Where progress lines go (a test's output).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// The pieces of <c>make run</c> as real processes on free loopback ports: the built local API server (kubeconfig in a
/// temporary directory, CRDs of <c>crds/</c> installed), the DigitalOcean simulator (seeded) and the operator, plus the
/// real kubectl pointed at them and the simulator's admin API. Dispose kills them all and logs each one's last lines.
/// </summary>
public sealed partial class LocalStack : IAsyncDisposable
{
    private readonly LocalStackOptions _options;
    private readonly List<ChildProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private LocalStack(LocalStackOptions options)
    {
        _options = options;
        Directory = System.IO.Directory.CreateTempSubdirectory("backups-stack-").FullName;
        var ports = FreePorts(4);
        (ApiPort, SimulatorPort, MetricsPort, HealthPort) = (ports[0], ports[1], ports[2], ports[3]);
        Kubeconfig = Path.Combine(Directory, "kubeconfig");
        Kubectl = new Kubectl(Kubeconfig, Path.Combine(Directory, "kube-cache"));
        SimulatorUrl = new Uri($"http://127.0.0.1:{SimulatorPort}/");
        Simulator = new SimulatorAdmin(SimulatorUrl, _http);
    }

    /// <summary>A temporary directory for this stack (kubeconfig, seed, anything a test writes); deleted on dispose.</summary>
    public string Directory { get; }

    public int ApiPort { get; }

    public int SimulatorPort { get; }

    public int MetricsPort { get; }

    public int HealthPort { get; }

    public string Kubeconfig { get; }

    /// <summary>The API server's state file (used with <see cref="LocalStackOptions.KeepApiServerState"/>).</summary>
    public string ApiServerStatePath => Path.Combine(Directory, "api-server-state.json");

    public Kubectl Kubectl { get; }

    public Uri SimulatorUrl { get; }

    public SimulatorAdmin Simulator { get; }

    public HttpClient Http => _http;

    public ChildProcess? ApiServer { get; private set; }

    public ChildProcess? SimulatorProcess { get; private set; }

    public ChildProcess? Operator { get; private set; }

    /// <summary>Every process started so far (for <see cref="Eventually"/> to notice one exiting).</summary>
    public IReadOnlyList<ChildProcess> Processes => _processes;

    public static async Task<LocalStack> StartAsync(LocalStackOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stack = new LocalStack(options ?? new LocalStackOptions());
        try
        {
            await stack.StartInfrastructureAsync(cancellationToken).ConfigureAwait(false);
            if (stack._options.StartOperator)
            {
                await stack.StartOperatorAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The path of a built program's dll, in the same configuration as the running test.</summary>
    public static string Dll(string project, string assembly)
    {
        // tests/<Project>/bin/<Configuration>/net10.0/ -> the same configuration of the other project.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, project, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build the test project (it builds its programs).", path);
    }

    /// <summary>
    /// Starts (or restarts) the operator process, with <paramref name="environment"/> on top of the options' variables; waits
    /// until <c>/readyz</c> answers 200 unless <paramref name="waitReady"/> is false.
    /// </summary>
    public async Task<ChildProcess> StartOperatorAsync(IEnumerable<string>? extraArguments = null, bool waitReady = true,
        CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (Operator is { HasExited: false })
        {
            throw new InvalidOperationException("The operator is already running; stop it first.");
        }

        Operator = Track(StartOperatorProcess("operator", MetricsPort, HealthPort, extraArguments, environment));
        if (waitReady)
        {
            await WaitAsync("the operator is ready", () => OkAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz")), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        return Operator;
    }

    /// <summary>An operator process with the stack's connection settings on the given ports (not yet tracked).</summary>
    private ChildProcess StartOperatorProcess(string name, int metricsPort, int healthPort, IEnumerable<string>? extraArguments,
        IReadOnlyDictionary<string, string>? environment)
    {
        string[] connection = _options.OperatorInCluster ? [] : ["--kubeconfig", Kubeconfig];
        string[] arguments =
        [
            .. _options.OperatorLauncher.Skip(1), _options.OperatorLauncher.Count > 0 ? "dotnet" : string.Empty,
            _options.OperatorDll ?? Dll("operator/Backups.Operator", "Backups.Operator"), .. connection, "--digitalocean-url", SimulatorUrl.ToString(),
            "--metrics-port", $"{metricsPort}", "--health-port", $"{healthPort}", "--bind-address", "127.0.0.1",
            .. _options.OperatorArguments, .. extraArguments ?? [],
        ];
        arguments = [.. arguments.Where(a => a.Length > 0)];
        var variables = _options.OperatorEnvironment.Concat(environment ?? new Dictionary<string, string>())
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        if (_options.OperatorInCluster)
        {
            variables["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";
            variables["KUBERNETES_SERVICE_PORT"] = $"{ApiPort}";
            variables["BACKUPS_OPERATOR_SERVICEACCOUNT_DIR"] = _options.OperatorServiceAccountDirectory
                ?? throw new InvalidOperationException("OperatorInCluster needs OperatorServiceAccountDirectory.");
        }

        var program = _options.OperatorLauncher.Count > 0 ? _options.OperatorLauncher[0] : "dotnet";
        return ChildProcess.Start(name, program, arguments, variables, _options.OperatorWorkingDirectory);
    }

    /// <summary>Kills the operator at once (SIGKILL, no lease release, no graceful shutdown).</summary>
    public async Task KillOperatorAsync()
    {
        if (Operator is { } process)
        {
            await process.KillAsync().ConfigureAwait(false);
            _processes.Remove(process);
            Log($"----- operator (killed; last lines) -----\n{process.Tail(30)}");
            await process.DisposeAsync().ConfigureAwait(false);
            Operator = null;
        }
    }

    /// <summary>GET on the operator's health port (<c>/healthz</c> or <c>/readyz</c>): the status code, or null when nothing answers.</summary>
    public async Task<HttpStatusCode?> HealthAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/{path.TrimStart('/')}"), cancellationToken).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The operator's <c>/metrics</c> text.</summary>
    public Task<string> MetricsAsync(CancellationToken cancellationToken = default) =>
        _http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"), cancellationToken);

    /// <summary>Waits for a condition, failing early when one of the stack's processes exits.</summary>
    public Task WaitAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Eventually.TrueAsync(what, condition, _processes, _options.Log, timeout, cancellationToken);

    /// <summary><c>kubectl get KIND NAME -n NAMESPACE -o jsonpath={.status.phase}</c>, or "" when it does not exist.</summary>
    public async Task<string> PhaseAsync(string kind, string name, string @namespace = "team-a")
    {
        var (code, text, _) = await Kubectl.RunAsync(["-n", @namespace, "get", kind, name, "-o", "jsonpath={.status.phase}"]).ConfigureAwait(false);
        return code == 0 ? text.Trim() : string.Empty;
    }

    /// <summary>A file of <c>examples/</c>.</summary>
    public static string Example(string file) => Path.Combine(RepositoryPaths.Examples, file);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            Log($"----- {process.Name} (last lines) -----\n{process.Tail(60)}");
            await process.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Stops the API server gracefully (it writes its state file), runs <paramref name="whileStopped"/> (e.g. to edit that
    /// file), and starts it again on the same port with the same arguments; waits until it answers. Needs
    /// <see cref="LocalStackOptions.KeepApiServerState"/>, or the new server starts empty.
    /// </summary>
    public async Task RestartApiServerAsync(Func<Task>? whileStopped = null, CancellationToken cancellationToken = default)
    {
        if (ApiServer is { } process)
        {
            _processes.Remove(process);
            await process.StopAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            Log($"----- api-server (stopped for a restart; last lines) -----\n{process.Tail(20)}");
            await process.DisposeAsync().ConfigureAwait(false);
            ApiServer = null;
        }

        if (whileStopped is not null)
        {
            await whileStopped().ConfigureAwait(false);
        }

        StartApiServer();
        await WaitForApiServerAsync(cancellationToken).ConfigureAwait(false);
    }

    private void StartApiServer()
    {
        string[] crds = _options.InstallCrds ? ["--crds", RepositoryPaths.Crds] : [];
        string[] state = _options.KeepApiServerState ? ["--state-file", ApiServerStatePath] : [];
        ApiServer = Track(ChildProcess.Start("api-server", "dotnet",
            [Dll("tests/Backups.Operator.ApiServer", "Backups.Operator.ApiServer"), "--port", $"{ApiPort}", "--kubeconfig", Kubeconfig,
             .. crds, .. state, .. _options.ApiServerArguments]));
    }

    private Task WaitForApiServerAsync(CancellationToken cancellationToken)
    {
        string[] probe = _options.InstallCrds ? ["get", "crd", "backups.backup.platform.dev"] : ["get", "namespace", "default"];
        return WaitAsync(_options.InstallCrds ? "the API server serves the CRDs" : "the API server answers", async () =>
            File.Exists(Kubeconfig) && (await Kubectl.RunAsync(probe).ConfigureAwait(false)).ExitCode == 0,
            cancellationToken: cancellationToken);
    }

    private async Task StartInfrastructureAsync(CancellationToken cancellationToken)
    {
        if (_options.StartApiServer is { } startApiServer)
        {
            await startApiServer(Kubeconfig, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            StartApiServer();
        }

        SimulatorProcess = Track(ChildProcess.Start("simulator", "dotnet",
            [Dll("operator/Backups.Operator.Simulator", "Backups.Operator.Simulator"), "--urls", SimulatorUrl.ToString().TrimEnd('/'),
             "--seed", _options.SeedPath ?? WriteFastSeed(),
             "--seconds-per-gb", $"{_options.SimulatorSecondsPerGigabyte}", "--min-action-seconds", $"{_options.SimulatorMinActionSeconds}"]));
        await WaitForApiServerAsync(cancellationToken).ConfigureAwait(false);
        await WaitAsync("the simulator is healthy", () => Simulator.IsHealthyAsync(cancellationToken), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private void Log(string line) => _options.Log?.Invoke(line);

    private async Task<bool> OkAsync(Uri uri)
    {
        try
        {
            using var response = await _http.GetAsync(uri).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The examples' seed (same tokens, droplet ids, data versions) with 1 GB disks, as scripts/run-local.sh writes it.</summary>
    private string WriteFastSeed()
    {
        var seed = File.ReadAllText(Path.Combine(RepositoryPaths.Examples, "simulator", "seed.json"));
        seed = DiskPattern().Replace(seed, "\"diskGigabytes\": 1");
        seed = UsedPattern().Replace(seed, "\"usedGigabytes\": 0.8");
        var path = Path.Combine(Directory, "seed.json");
        File.WriteAllText(path, seed);
        return path;
    }

    /// <summary>Free loopback ports (bound and released; good enough for tests).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    [GeneratedRegex("\"diskGigabytes\": *[0-9.]+")]
    private static partial Regex DiskPattern();

    [GeneratedRegex("\"usedGigabytes\": *[0-9.]+")]
    private static partial Regex UsedPattern();
}
