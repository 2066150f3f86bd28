using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// A secondary index of an informer's store (docs/kubernetes-runtime.md, "Indexes") against the local API server: it
/// follows creates, an update that changes the indexed value, deletes, and a relist after the server lost its state.
/// </summary>
public sealed class InformerIndexTests(ITestOutputHelper output) : IDisposable
{
    private const string Owner = "owner";
    private readonly string _directory = Directory.CreateTempSubdirectory("informer-index-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_index_follows_adds_updates_deletes_and_a_relist()
    {
        var first = await LocalApiServer.StartAsync(new LocalApiServerOptions { StateFile = Path.Combine(_directory, "state.json"), BookmarkInterval = TimeSpan.FromSeconds(1) });
        var port = first.Port;
        using var kubernetes = new k8s.Kubernetes(first.CreateClientConfiguration());
        var maps = new ResourceClient<V1ConfigMap>(kubernetes, Options.Create(new ResourceClientOptions { FieldManager = "tests" }));
        await maps.CreateAsync(Map("one", "p1"), default);
        await maps.CreateAsync(Map("two", "p1"), default);
        await maps.CreateAsync(Map("three", "p2"), default);

        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output, "informer")));
        await using var informer = new Informer<V1ConfigMap>(
            maps, new InformerOptions { Namespace = "default", InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
            TimeProvider.System, loggers.CreateLogger<Informer<V1ConfigMap>>());
        informer.Store.TryAddIndex("byOwner", m => m.Metadata.Labels?.TryGetValue(Owner, out var o) == true ? [$"{m.Metadata.NamespaceProperty}/{o}"] : [])
            .Should().BeTrue();
        informer.Store.TryAddIndex("byOwner", _ => []).Should().BeFalse("an index of that name exists; the first one stays");
        informer.Start();
        await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Names(informer, "p1").Should().BeEquivalentTo("one", "two");
        Names(informer, "p2").Should().BeEquivalentTo("three");

        // An update that moves "two" from p1 to p2.
        await maps.PatchAsync("default", "two", new { metadata = new { labels = new Dictionary<string, string> { [Owner] = "p2" } } }, default);
        await Eventually.HoldsAsync(() => Names(informer, "p2").Count == 2, "the update reaches the index");
        Names(informer, "p1").Should().BeEquivalentTo("one");
        Names(informer, "p2").Should().BeEquivalentTo("two", "three");

        // A delete.
        await maps.DeleteAsync("default", "one", null, default);
        await Eventually.HoldsAsync(() => Names(informer, "p1").Count == 0, "the delete reaches the index");

        // A relist: a server that lost its state answers 410, the informer relists and drops what no longer exists.
        await first.DisposeAsync();
        await using var fresh = await LocalApiServer.StartAsync(new LocalApiServerOptions { Port = port, BookmarkInterval = TimeSpan.FromSeconds(1) });
        await maps.CreateAsync(Map("four", "p1"), default);
        await Eventually.HoldsAsync(() => informer.Store.Get("default", "four") is not null && informer.Store.Count == 1, "the cache matches the fresh server");
        informer.Statistics.GoneRelists.Should().BeGreaterThanOrEqualTo(1);
        Names(informer, "p1").Should().BeEquivalentTo("four");
        Names(informer, "p2").Should().BeEmpty("two and three were dropped by the relist's diff");
    }

    private static List<string> Names(Informer<V1ConfigMap> informer, string owner) =>
        informer.Store.ByIndex("byOwner", $"default/{owner}").Select(m => m.Metadata.Name).ToList();

    private static V1ConfigMap Map(string name, string owner) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { [Owner] = owner } },
    };
}
