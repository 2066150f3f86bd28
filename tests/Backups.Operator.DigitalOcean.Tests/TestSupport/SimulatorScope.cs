using Backups.Operator.DigitalOcean.DependencyInjection;
using Backups.Operator.DigitalOcean.Internal.Http;
using Backups.Operator.DigitalOcean.Metrics;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.TestSupport;

/// <summary>
/// An in-process simulator (on a fake clock, so tests complete actions by advancing it) with two accounts and three
/// droplets, and a client factory built through the real DI extension, pointed at it.
/// </summary>
internal sealed class SimulatorScope : IAsyncDisposable
{
    public const string TokenA = "dop_v1_test_alpha_7d1e0c5b9a8f4e2d";
    public const string TokenB = "dop_v1_test_bravo_3c9b2a1f0e6d5c4b";
    public const long ShopDroplet = 4100001;
    public const long BlogDroplet = 4100002;
    public const long CrmDroplet = 4200001;

    private SimulatorScope(SimulatorHost host, FakeTimeProvider time, ServiceProvider services, RecordingMetrics metrics, CapturingLoggerProvider logs)
    {
        Host = host;
        Time = time;
        Services = services;
        Metrics = metrics;
        Logs = logs;
    }

    public SimulatorHost Host { get; }

    public SimulatorState State => Host.State;

    /// <summary>The simulator's clock (and the client's, when the scope was started with <c>sharedClock</c>).</summary>
    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public RecordingMetrics Metrics { get; }

    public CapturingLoggerProvider Logs { get; }

    public IDigitalOceanClientFactory Factory => Services.GetRequiredService<IDigitalOceanClientFactory>();

    internal DigitalOceanClientFactory InternalFactory => (DigitalOceanClientFactory)Factory;

    public static async Task<SimulatorScope> StartAsync(
        Action<SimulatorOptions>? simulator = null,
        Action<DigitalOceanClientOptions>? client = null,
        bool sharedClock = false)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        var simulatorOptions = new SimulatorOptions { SecondsPerGigabyte = 60, MinActionSeconds = 10, RandomSeed = 7 };
        simulator?.Invoke(simulatorOptions);
        var host = await SimulatorHost.StartAsync(simulatorOptions, time, CancellationToken.None);

        host.State.AddAccount(TokenA, "alpha@example.com");
        host.State.AddAccount(TokenB, "bravo@example.com");
        host.State.AddDroplet(TokenA, new DropletSpec { Id = ShopDroplet, Name = "shop", DiskGigabytes = 80, UsedGigabytes = 6, DataVersion = "shop-v1" });
        host.State.AddDroplet(TokenA, new DropletSpec { Id = BlogDroplet, Name = "blog", DiskGigabytes = 50, UsedGigabytes = 2, DataVersion = "blog-v1" });
        host.State.AddDroplet(TokenB, new DropletSpec { Id = CrmDroplet, Name = "crm", Region = "fra1", DiskGigabytes = 80, UsedGigabytes = 12, DataVersion = "crm-v1" });

        var metrics = new RecordingMetrics();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (sharedClock)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddSingleton<IDigitalOceanClientMetrics>(metrics);
        services.AddDigitalOceanClient(o =>
        {
            o.BaseUrl = host.BaseUrl;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
            o.RequestTimeout = TimeSpan.FromSeconds(20);
            client?.Invoke(o);
        });

        return new SimulatorScope(host, time, services.BuildServiceProvider(validateScopes: true), metrics, logs);
    }

    public IDigitalOceanClient ClientA() => Factory.Create(TokenA);

    public IDigitalOceanClient ClientB() => Factory.Create(TokenB);

    /// <summary>Advances the simulator clock until no action is in progress.</summary>
    public void CompleteActions()
    {
        while (State.NextActionDueAt() is { } due)
        {
            var step = due - Time.GetUtcNow();
            Time.Advance(step > TimeSpan.Zero ? step : TimeSpan.FromMilliseconds(1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Host.DisposeAsync();
    }
}
