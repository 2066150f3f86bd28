using Backups.Operator.Configuration;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Simulator.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Backups.Operator.Tests.Harness;

/// <summary>How an <see cref="OperatorHarness"/> is set up. Defaults: fake clock at <see cref="DefaultStart"/>, fast simulator
/// actions, one account with two droplets, endpoints on port 0, leader election off.</summary>
public sealed class OperatorHarnessOptions
{
    /// <summary>Monday 5 January 2026, 00:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The fake clock's start (shared by operator and simulator).</summary>
    public DateTimeOffset StartTime { get; set; } = DefaultStart;

    /// <summary>Simulator settings; by default actions take 6 s per used GB, at least 10 s (fake time).</summary>
    public SimulatorOptions Simulator { get; set; } = new() { SecondsPerGigabyte = 6, MinActionSeconds = 10, RandomSeed = 42 };

    /// <summary>The token of the seeded account (the tenant's token put in Secrets by <see cref="OperatorHarness.CreateNamespaceWithTokenAsync"/>).</summary>
    public string Token { get; set; } = "dop_v1_harness_tenant_" + Guid.NewGuid().ToString("N");

    /// <summary>Used GB of the seeded droplets (one droplet per entry).</summary>
    public IReadOnlyList<double> DropletUsedGigabytes { get; set; } = [5, 3];

    /// <summary>Start the operator with the harness (false: call <see cref="OperatorHarness.StartOperatorAsync"/> yourself).</summary>
    public bool StartOperator { get; set; } = true;

    /// <summary>Serve /metrics and /healthz on 127.0.0.1 port 0 (false: no endpoints; scrape in-process).</summary>
    public bool ServeEndpoints { get; set; } = true;

    /// <summary>Extra changes to the operator's settings (applied after the harness defaults).</summary>
    public Action<BackupsOperatorOptions>? ConfigureBackups { get; set; }

    /// <summary>Extra changes to the runtime's settings (applied after the harness defaults).</summary>
    public Action<OperatorRuntimeOptions>? ConfigureRuntime { get; set; }

    /// <summary>Extra services for the operator host (e.g. a decorator of a client), applied after AddBackupsOperator.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Extra configuration keys for the operator host (e.g. <c>DIGITALOCEAN_TOKEN</c>).</summary>
    public IDictionary<string, string?> Configuration { get; set; } = new Dictionary<string, string?>();
}
