using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// The informer across restarts of the local API server (docs/kubernetes-runtime.md, "The local API server's state"): with
/// its state file the objects and resourceVersions come back and the watch resumes; a server that lost its state answers
/// 410 to the old resourceVersion and the informer relists, dropping what no longer exists.
/// </summary>
public sealed class ApiServerStateTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("informer-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_server_restarted_with_its_state_keeps_the_cache_and_one_that_lost_it_makes_the_informer_relist()
    {
        var state = Path.Combine(_directory, "state.json");
        var first = await LocalApiServer.StartAsync(new LocalApiServerOptions { StateFile = state, BookmarkInterval = TimeSpan.FromSeconds(1) });
        var port = first.Port;
        using var kubernetes = new k8s.Kubernetes(first.CreateClientConfiguration());
        var maps = new ResourceClient<V1ConfigMap>(kubernetes, Options.Create(new ResourceClientOptions { FieldManager = "tests" }));
        for (var i = 0; i < 20; i++)
        {
            await maps.CreateAsync(Map($"m{i}"), default);
        }

        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output, "informer")));
        await using var informer = new Informer<V1ConfigMap>(
            maps, new InformerOptions { Namespace = "default", InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
            TimeProvider.System, loggers.CreateLogger<Informer<V1ConfigMap>>());
        informer.Start();
        await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        // 1. Restart with the state file: everything is still there, the watch resumes without a relist.
        await first.DisposeAsync();
        var second = await LocalApiServer.StartAsync(new LocalApiServerOptions { Port = port, StateFile = state, BookmarkInterval = TimeSpan.FromSeconds(1) });
        await maps.CreateAsync(Map("after-restart"), default);
        await Eventually.HoldsAsync(() => informer.Store.Get("default", "after-restart") is not null, "an object created after the restart arrives");
        informer.Store.Count.Should().Be(21);
        informer.Statistics.GoneRelists.Should().Be(0, "the resourceVersion the informer held is still valid");

        // 2. A server that lost its state (a fresh one on the same port): 410 to the old resourceVersion, relist, synthetic deletes.
        await second.DisposeAsync();
        await using var fresh = await LocalApiServer.StartAsync(new LocalApiServerOptions { Port = port, BookmarkInterval = TimeSpan.FromSeconds(1) });
        await maps.CreateAsync(Map("on-fresh"), default);
        await Eventually.HoldsAsync(() => informer.Store.Get("default", "on-fresh") is not null && informer.Store.Count == 1, "the cache matches the fresh server");
        informer.Statistics.GoneRelists.Should().BeGreaterThanOrEqualTo(1, "the fresh server does not know the old resourceVersion and answers 410");
        output.WriteLine($"MEASURED {informer.Statistics}");
    }

    private static V1ConfigMap Map(string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } };
}
