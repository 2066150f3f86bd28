using System.Diagnostics;
using Backups.Operator.Api;
using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Configuration;
using Backups.Operator.Hosting;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Resources;
using Backups.Operator.Testing;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.State;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Harness;

/// <summary>
/// The whole system in-process for integration tests: a <see cref="LocalApiServer"/> with the repository's CRDs, the
/// DigitalOcean <see cref="SimulatorHost"/> with one seeded account and its droplets, and the operator host built with
/// <see cref="BackupsOperatorServiceCollectionExtensions.AddBackupsOperator"/>. All three share ONE <see cref="FakeTimeProvider"/>
/// (<see cref="Time"/>): nothing moves in time unless a test advances it, and <see cref="AdvanceUntilAsync"/> advances in
/// steps, letting the operator settle between steps, so requeues, polls, ticks, expiries and simulator actions happen in
/// order. Waits poll state with a real-time limit and fail with a message saying what was awaited.
/// </summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    /// <summary>The Secret name and key <see cref="CreateNamespaceWithTokenAsync"/> writes and <see cref="CreatePolicyAsync"/> references.</summary>
    public const string TokenSecretName = "do-token";

    public const string TokenSecretKey = "token";

    /// <summary>The operator's own namespace (created by the harness).</summary>
    public const string OperatorNamespace = "backups-system";

    /// <summary>Default real-time limit of the waits.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a clock-advancing loop lets the operator settle before each step (it advances either way).</summary>
    private static readonly TimeSpan StepSettleLimit = TimeSpan.FromSeconds(1);
    private readonly OperatorHarnessOptions _options;
    private readonly ITestOutputHelper? _output;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<SimulatedDroplet> _droplets = [];
    private readonly ServiceProvider _clients;
    private IHost? _host;
    private int _namespaces;

    private OperatorHarness(OperatorHarnessOptions options, ITestOutputHelper? output, FakeTimeProvider time, LocalApiServer apiServer, SimulatorHost simulator)
    {
        _options = options;
        _output = output;
        Time = time;
        ApiServer = apiServer;
        Simulator = simulator;
        Token = options.Token;
        Kubernetes = new k8s.Kubernetes(apiServer.CreateClientConfiguration());
        var clients = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(Kubernetes);
        clients.AddOperatorRuntime(runtime => runtime.Client.FieldManager = "harness");
        _clients = clients.BuildServiceProvider();
        Policies = Client<BackupPolicy>();
        Backups = Client<Backup>();
        Restores = Client<BackupRestore>();
        Secrets = Client<V1Secret>();
        Namespaces = Client<V1Namespace>();
    }

    /// <summary>The one clock of the API server, the simulator and the operator.</summary>
    public FakeTimeProvider Time { get; }

    public LocalApiServer ApiServer { get; }

    public SimulatorHost Simulator { get; }

    /// <summary>The simulated DigitalOcean: droplets, snapshots, actions, faults (<c>State.Faults</c>), request log.</summary>
    public SimulatorState SimulatorState => Simulator.State;

    /// <summary>A client of the API server for the test (not the operator's).</summary>
    public IKubernetes Kubernetes { get; }

    /// <summary>The token of the seeded account.</summary>
    public string Token { get; }

    /// <summary>The seeded droplets (and those added with <see cref="AddDroplet"/>) of the account of <see cref="Token"/>.</summary>
    public IReadOnlyList<SimulatedDroplet> Droplets => _droplets;

    /// <summary>The first seeded droplet.</summary>
    public long DropletId => _droplets[0].Id;

    public IResourceClient<BackupPolicy> Policies { get; }

    public IResourceClient<Backup> Backups { get; }

    public IResourceClient<BackupRestore> Restores { get; }

    public IResourceClient<V1Secret> Secrets { get; }

    public IResourceClient<V1Namespace> Namespaces { get; }

    /// <summary>True between <see cref="StartOperatorAsync"/> and <see cref="StopOperatorAsync"/>.</summary>
    public bool IsOperatorRunning => _host is not null;

    /// <summary>The running operator host.</summary>
    public IHost OperatorHost => _host ?? throw new InvalidOperationException("The operator is not running.");

    /// <summary>The running operator's services (options, informers, metrics...).</summary>
    public IServiceProvider Services => OperatorHost.Services;

    /// <summary>Starts the API server (CRDs installed, namespace <see cref="OperatorNamespace"/> created), the simulator (one account,
    /// <see cref="OperatorHarnessOptions.DropletUsedGigabytes"/> droplets) and, unless switched off, the operator.</summary>
    public static async Task<OperatorHarness> StartAsync(ITestOutputHelper? output = null, Action<OperatorHarnessOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new OperatorHarnessOptions();
        configure?.Invoke(options);
        var time = new FakeTimeProvider(options.StartTime);
        var apiServer = await LocalApiServer.StartAsync(new LocalApiServerOptions { TimeProvider = time, BookmarkInterval = TimeSpan.FromMinutes(1) }, cancellationToken);
        SimulatorHost? simulator = null;
        try
        {
            await apiServer.InstallCrdsFromDirectoryAsync(RepositoryPaths.Crds, cancellationToken);
            simulator = await SimulatorHost.StartAsync(options.Simulator, time, cancellationToken);
            var harness = new OperatorHarness(options, output, time, apiServer, simulator);
            simulator.State.AddAccount(options.Token, "harness@example.com");
            foreach (var used in options.DropletUsedGigabytes)
            {
                harness.AddDroplet(used);
            }

            await harness.Namespaces.CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = OperatorNamespace } }, cancellationToken);
            if (options.StartOperator)
            {
                await harness.StartOperatorAsync(cancellationToken);
            }

            return harness;
        }
        catch
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            await apiServer.DisposeAsync();
            throw;
        }
    }

    /// <summary>A typed client of the API server for the test.</summary>
    public IResourceClient<T> Client<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        _clients.GetRequiredService<IResourceClient<T>>();

    // ------------------------------------------------------------------ operator lifecycle

    /// <summary>Builds and starts a new operator host against the API server and the simulator, on the shared fake clock.</summary>
    public async Task StartOperatorAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The operator is already running.");
        }

        var host = BuildOperatorHost();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _host = host;
    }

    /// <summary>
    /// Stops the operator. <paramref name="kill"/>: no grace at all, in-flight reconciles are cancelled wherever they are (a
    /// crash, as far as the cluster and DigitalOcean can tell); otherwise a graceful stop.
    /// </summary>
    public async Task StopOperatorAsync(bool kill = false)
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is null)
        {
            return;
        }

        try
        {
            using var budget = kill ? new CancellationTokenSource() : new CancellationTokenSource(TimeSpan.FromSeconds(15));
            if (kill)
            {
                await budget.CancelAsync();
            }

            await host.StopAsync(budget.Token);
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>Stops (or kills) the operator and starts a fresh one: new caches, queues and clients; same cluster, clock and simulator.</summary>
    public async Task RestartOperatorAsync(bool kill = false, CancellationToken cancellationToken = default)
    {
        await StopOperatorAsync(kill);
        await StartOperatorAsync(cancellationToken);
    }

    // ------------------------------------------------------------------ seeding

    /// <summary>Adds a droplet to the seeded account.</summary>
    public SimulatedDroplet AddDroplet(double usedGigabytes = 5, string? name = null, int diskGigabytes = 50)
    {
        var droplet = SimulatorState.AddDroplet(Token, new DropletSpec
        {
            Name = name ?? $"droplet-{_droplets.Count + 1}",
            UsedGigabytes = usedGigabytes,
            DiskGigabytes = diskGigabytes,
        });
        _droplets.Add(droplet);
        return droplet;
    }

    /// <summary>
    /// Creates a namespace (a fresh unique name unless given) with the Secret <see cref="TokenSecretName"/> holding
    /// <paramref name="token"/> (default: the seeded account's) under <see cref="TokenSecretKey"/>. Returns the namespace.
    /// </summary>
    public async Task<string> CreateNamespaceWithTokenAsync(
        string? name = null,
        string? token = null,
        IDictionary<string, string>? annotations = null,
        CancellationToken cancellationToken = default)
    {
        name ??= $"tenant-{Interlocked.Increment(ref _namespaces)}";
        await Namespaces.CreateAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Annotations = annotations is null ? null : new Dictionary<string, string>(annotations) } },
            cancellationToken);
        await Secrets.CreateAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = TokenSecretName, NamespaceProperty = name },
                Type = "Opaque",
                StringData = new Dictionary<string, string> { [TokenSecretKey] = token ?? Token },
            },
            cancellationToken);
        return name;
    }

    /// <summary>Creates a BackupPolicy of <paramref name="dropletId"/> (default: the first droplet) using the namespace's token Secret.</summary>
    public Task<BackupPolicy> CreatePolicyAsync(
        string @namespace,
        string name,
        long? dropletId = null,
        Plan plan = Plan.Pro,
        Action<BackupPolicySpec>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var policy = new BackupPolicy
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = new BackupPolicySpec
            {
                DropletId = dropletId ?? DropletId,
                Plan = plan,
                CredentialsSecretRef = new SecretKeyReference { Name = TokenSecretName, Key = TokenSecretKey },
            },
        };
        configure?.Invoke(policy.Spec);
        return Policies.CreateAsync(policy, cancellationToken);
    }

    /// <summary>Creates a Backup of a policy (a manual one unless <paramref name="type"/> says otherwise), as a user would.</summary>
    public Task<Backup> CreateBackupAsync(
        string @namespace,
        string name,
        string policyName,
        BackupType type = BackupType.Manual,
        Action<Backup>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var backup = new Backup
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = new BackupSpec { PolicyName = policyName, Type = type },
        };
        configure?.Invoke(backup);
        return Backups.CreateAsync(backup, cancellationToken);
    }

    /// <summary>Creates a BackupRestore of <paramref name="backupName"/> onto <paramref name="confirmDropletId"/>.</summary>
    public Task<BackupRestore> CreateRestoreAsync(
        string @namespace,
        string name,
        string backupName,
        long confirmDropletId,
        bool preRestoreBackup = false,
        CancellationToken cancellationToken = default) =>
        Restores.CreateAsync(
            new BackupRestore
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
                Spec = new BackupRestoreSpec { BackupName = backupName, ConfirmDropletId = confirmDropletId, PreRestoreBackup = preRestoreBackup },
            },
            cancellationToken);

    // ------------------------------------------------------------------ simulator state

    /// <summary>The snapshots of a droplet that exist in the simulator now, oldest first.</summary>
    public IReadOnlyList<SimulatedSnapshot> SnapshotsOfDroplet(long dropletId) =>
        SimulatorState.ListSnapshotsOfToken(Token).Where(s => s.DropletId == dropletId).ToList();

    /// <summary>Every snapshot of the seeded account.</summary>
    public IReadOnlyList<SimulatedSnapshot> AllSnapshots() => SimulatorState.ListSnapshotsOfToken(Token);

    /// <summary>The droplet's current data version (changes with <c>SimulatorState.SetDataVersion</c>, returns to a snapshot's on rebuild).</summary>
    public string DataVersionOf(long dropletId) =>
        SimulatorState.FindDroplet(dropletId)?.DataVersion ?? throw new InvalidOperationException($"No droplet {dropletId}.");

    /// <summary>DigitalOcean API requests received so far of one operation (e.g. <c>snapshot_droplet</c>), any status.</summary>
    public int RequestCount(string operation) => SimulatorState.Requests.CountFor(operation);

    /// <summary>DigitalOcean API requests received so far, all operations.</summary>
    public int TotalRequests => SimulatorState.Requests.Total;

    // ------------------------------------------------------------------ metrics

    /// <summary>The operator's <c>/metrics</c> text: over HTTP when endpoints are served, else straight from its registry.</summary>
    public async Task<string> ScrapeMetricsAsync(CancellationToken cancellationToken = default)
    {
        if (Services.GetRequiredService<OperatorEndpoints>().MetricsAddress is { } address)
        {
            return await _http.GetStringAsync(new Uri(address, "/metrics"), cancellationToken);
        }

        using var stream = new MemoryStream();
        await Services.GetRequiredService<OperatorMetrics>().Registry.CollectAndExportAsTextAsync(stream, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    // ------------------------------------------------------------------ waiting

    /// <summary>Polls <paramref name="condition"/> (without moving the fake clock) until it holds; fails after <paramref name="timeout"/> of real time.</summary>
    public async Task WaitForAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        using var cancellation = new CancellationTokenSource(limit);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition(cancellation.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s (real time) for: {because ?? "a condition"}. {Diagnostics()}");
            }

            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until its value satisfies <paramref name="predicate"/> and returns that value.</summary>
    public async Task<T> WaitForAsync<T>(Func<CancellationToken, Task<T?>> probe, Func<T, bool> predicate, TimeSpan? timeout = null, string? because = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(predicate);
        T? last = null;
        await WaitForAsync(
            async token =>
            {
                last = await probe(token);
                return last is not null && predicate(last);
            },
            timeout,
            because);
        return last!;
    }

    /// <summary>Waits (real time) until the Backup exists and satisfies <paramref name="predicate"/>; returns it.</summary>
    public Task<Backup> WaitForBackupAsync(string @namespace, string name, Func<Backup, bool> predicate, TimeSpan? timeout = null, string? because = null) =>
        WaitForAsync(token => Backups.GetAsync(@namespace, name, token), predicate, timeout, because ?? $"Backup {@namespace}/{name}");

    /// <summary>
    /// Moves the fake clock forward in steps of <paramref name="step"/> until <paramref name="predicate"/> holds: before each
    /// step the operator is given the chance to settle (<see cref="TrySettleAsync"/>). Fails when the clock moved
    /// <paramref name="max"/> (fake time) or <paramref name="timeout"/> (real time, default 60 s) passed. Returns how far the clock moved.
    /// </summary>
    public async Task<TimeSpan> AdvanceUntilAsync(
        Func<CancellationToken, Task<bool>> predicate,
        TimeSpan step,
        TimeSpan max,
        TimeSpan? timeout = null,
        string? because = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancellation = new CancellationTokenSource(limit);
        var watch = Stopwatch.StartNew();
        var advanced = TimeSpan.Zero;
        while (true)
        {
            await TrySettleAsync(StepSettleLimit);
            try
            {
                if (await predicate(cancellation.Token))
                {
                    return advanced;
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
            }

            if (advanced >= max || watch.Elapsed > limit)
            {
                throw new TimeoutException(
                    $"Advanced the clock by {advanced} (to {Time.GetUtcNow():u}) in {watch.Elapsed.TotalSeconds:0.#} s real time and still waiting for: {because ?? "a condition"}. {Diagnostics()}");
            }

            Time.Advance(step);
            advanced += step;
        }
    }

    /// <summary>Advances the clock until the Backup satisfies <paramref name="predicate"/> (e.g. a phase); returns it.</summary>
    public async Task<Backup> AdvanceUntilBackupAsync(
        string @namespace,
        string name,
        Func<Backup, bool> predicate,
        TimeSpan? step = null,
        TimeSpan? max = null,
        string? because = null)
    {
        Backup? last = null;
        await AdvanceUntilAsync(
            async token =>
            {
                last = await Backups.GetAsync(@namespace, name, token);
                return last is not null && predicate(last);
            },
            step ?? TimeSpan.FromSeconds(15),
            max ?? TimeSpan.FromHours(2),
            because: because ?? $"Backup {@namespace}/{name} (last phase {last?.Status?.Phase?.ToString() ?? "none"})");
        return last!;
    }

    /// <summary>
    /// Jumps the clock to <paramref name="target"/> in one step (timers due on the way fire at the target), letting the
    /// operator settle before and after as <see cref="AdvanceAsync"/> does; nothing happens when the clock is already there.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset target)
    {
        await TrySettleAsync(StepSettleLimit);
        var delta = target - Time.GetUtcNow();
        if (delta > TimeSpan.Zero)
        {
            Time.Advance(delta);
        }

        await TrySettleAsync(StepSettleLimit);
    }

    /// <summary>Advances the clock by <paramref name="total"/> in steps, settling between them.</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var remaining = total;
        while (remaining > TimeSpan.Zero)
        {
            await TrySettleAsync(StepSettleLimit);
            var next = remaining < step ? remaining : step;
            Time.Advance(next);
            remaining -= next;
        }

        await TrySettleAsync(StepSettleLimit);
    }

    /// <summary>
    /// Waits (real time, at most <paramref name="max"/>, default 10 s) until the operator is idle: no reconcile running, no
    /// key ready in any queue, no DigitalOcean request in flight and the API server's resourceVersion unchanged for a few
    /// polls (so watch events have been delivered). Keys waiting for a requeue time are not "busy": advancing the clock
    /// releases them. Fails the test (<see cref="TimeoutException"/>, saying what was still busy) when the operator does not
    /// settle, so an assertion that "nothing happened" after it is never made on a busy operator.
    /// </summary>
    public async Task SettleAsync(TimeSpan? max = null)
    {
        var limit = max ?? TimeSpan.FromSeconds(10);
        if (!await TrySettleAsync(limit))
        {
            throw new TimeoutException($"The operator did not settle within {limit.TotalSeconds:0.#} s (real time): {BusyDescription()}. {Diagnostics()}");
        }
    }

    /// <summary>
    /// <see cref="SettleAsync"/> for the clock-advancing loops: a reconcile may be waiting on the fake clock itself (a retry
    /// delay), and only advancing the clock releases it, so there "not settled" means "advance and look again", never a failure.
    /// </summary>
    private async Task<bool> TrySettleAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var lastVersion = -1L;
        var quiet = 0;
        while (watch.Elapsed < limit)
        {
            var version = ApiServer.ResourceVersion;
            if (!IsOperatorBusy() && SimulatorState.Requests.InFlight == 0 && version == lastVersion)
            {
                if (++quiet >= 3)
                {
                    return true;
                }
            }
            else
            {
                quiet = 0;
            }

            lastVersion = version;
            await Task.Delay(PollInterval, CancellationToken.None);
        }

        return false;
    }

    private string BusyDescription()
    {
        var busy = new List<string>();
        if (_host is { } host)
        {
            var metrics = host.Services.GetRequiredService<OperatorMetrics>();
            foreach (var controller in host.Services.GetServices<IControllerStatus>())
            {
                var active = metrics.ActiveWorkers.WithLabels(controller.Name).Value;
                var ready = metrics.QueueDepth.WithLabels(controller.Name, controller.Name, string.Empty).Value;
                if (active > 0 || ready > 0)
                {
                    busy.Add($"controller {controller.Name}: {active} reconciling, {ready} ready in the queue");
                }
            }
        }

        if (SimulatorState.Requests.InFlight > 0)
        {
            busy.Add($"{SimulatorState.Requests.InFlight} DigitalOcean requests in flight");
        }

        return busy.Count == 0 ? "the API server's resourceVersion kept changing" : string.Join("; ", busy);
    }

    /// <summary>True while any controller runs a reconcile or has a key ready in its queue.</summary>
    public bool IsOperatorBusy()
    {
        if (_host is not { } host)
        {
            return false;
        }

        var metrics = host.Services.GetRequiredService<OperatorMetrics>();
        foreach (var controller in host.Services.GetServices<IControllerStatus>())
        {
            if (metrics.ActiveWorkers.WithLabels(controller.Name).Value > 0
                || metrics.QueueDepth.WithLabels(controller.Name, controller.Name, string.Empty).Value > 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopOperatorAsync(kill: true);
        }
        finally
        {
            await _clients.DisposeAsync();
            Kubernetes.Dispose();
            _http.Dispose();
            await Simulator.DisposeAsync();
            await ApiServer.DisposeAsync();
        }
    }

    private string Diagnostics() =>
        $"Clock {Time.GetUtcNow():u}; DigitalOcean requests {SimulatorState.Requests.Total} ({string.Join(", ", SimulatorState.Requests.Counts().Select(c => $"{c.Key}={c.Value.Total}"))}); snapshots {AllSnapshots().Count}.";

    private IHost BuildOperatorHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (_output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(_output, "operator", Time));
            builder.Logging.SetMinimumLevel(LogLevel.Information);
        }

        var configuration = new Dictionary<string, string?>
        {
            ["Operator:BindAddress"] = "127.0.0.1",
            ["Operator:MetricsPort"] = "0",
            ["Operator:HealthPort"] = "0",
            ["Operator:ServeEndpoints"] = _options.ServeEndpoints ? "true" : "false",
            ["Operator:LeaderElection:Enabled"] = "false",
            [OperatorFlags.DigitalOceanUrlKey] = Simulator.BaseUrl.ToString(),
            [$"{BackupsOperatorOptions.SectionName}:{nameof(BackupsOperatorOptions.OperatorNamespace)}"] = OperatorNamespace,
        };
        foreach (var (key, value) in _options.Configuration)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddBackupsOperator(builder.Configuration);
        builder.Services.Configure<OperatorRuntimeOptions>(options =>
        {
            options.ClientConfiguration = ApiServer.CreateClientConfiguration();
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.Informers.InitialBackoff = TimeSpan.FromMilliseconds(100);
            options.Informers.MaxBackoff = TimeSpan.FromSeconds(2);
            options.Informers.WatchInactivityTimeout = TimeSpan.FromHours(2);
            options.Events.Instance = "harness";
            _options.ConfigureRuntime?.Invoke(options);
        });
        if (_options.ConfigureBackups is { } configureBackups)
        {
            builder.Services.Configure(configureBackups);
        }

        _options.ConfigureServices?.Invoke(builder.Services);
        return builder.Build();
    }
}
