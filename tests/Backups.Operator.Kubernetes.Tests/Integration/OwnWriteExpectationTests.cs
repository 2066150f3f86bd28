using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers.Expectations;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// A reconcile never runs on a cached copy older than the controller's own last write of the object while the watch lags
/// (docs/kubernetes-runtime.md, "Own writes and the cache"): the Widget watch is held back by a <see cref="WatchGate"/>,
/// and a config map change wakes the widget meanwhile.
/// </summary>
public sealed class OwnWriteExpectationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ObjectKey Key = new("default", "w");
    private readonly ReconcileRecorder _recorder = new();
    private readonly WatchGate _gate = new();
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _gate.Release();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_reconcile_woken_while_the_watch_lags_waits_for_the_own_write_and_never_sees_the_older_copy()
    {
        await using var host = await StartAsync();
        var (staleVersion, writtenVersion) = await WriteWhileTheWatchIsHeldAsync(host);
        var before = _recorder.CountOf(Key);

        _recorder.Marker = " second";
        await PokeAsync("second");
        await Eventually.HoldsAsync(() => Skipped(host) >= 1, "the reconcile was held back");
        _recorder.CountOf(Key).Should().Be(before, "the cache still serves the copy before the controller's own write");

        _gate.Release();
        await Eventually.HoldsAsync(async () => (await MessageAsync())?.EndsWith(" second", StringComparison.Ordinal) == true, "reconciled from the written version");

        var seen = _recorder.VersionsSeen(Key).Skip(before).ToList();
        seen.Should().NotContain(staleVersion).And.HaveElementAt(0, writtenVersion);
        host.Services.GetRequiredService<WriteExpectations<Widget>>().Expired.Should().Be(0);
    }

    [Fact]
    public async Task A_watch_that_never_catches_up_delays_the_reconcile_only_until_the_timeout()
    {
        await using var host = await StartAsync(TimeSpan.FromMilliseconds(500));
        var (staleVersion, _) = await WriteWhileTheWatchIsHeldAsync(host);
        var before = _recorder.CountOf(Key);

        _recorder.Marker = " second";
        await PokeAsync("second");

        await Eventually.HoldsAsync(() => _recorder.CountOf(Key) > before, "reconciled after the timeout although the watch is still held");
        host.Services.GetRequiredService<WriteExpectations<Widget>>().Expired.Should().BeGreaterThanOrEqualTo(1);
        _recorder.VersionsSeen(Key).Skip(before).Should().Contain(staleVersion, "after the timeout the cached copy is all there is");
    }

    private async Task<OperatorTestHost> StartAsync(TimeSpan? timeout = null)
    {
        var host = await OperatorTestHost.StartAsync(
            _api,
            _recorder,
            output,
            configure: options => options.WriteExpectations.Timeout = timeout ?? TimeSpan.FromMinutes(5),
            controller: options => options.Watches<V1ConfigMap>(_ => [Key]),
            services: services => services.AddSingleton<IResourceClient<Widget>>(sp =>
                new GatedWatchClient<Widget>(ActivatorUtilities.CreateInstance<ExpectingResourceClient<Widget>>(sp), _gate)));
        await Eventually.HoldsAsync(() => host.Services.GetRequiredService<IInformerFactory>().Informers.All(i => i.HasSynced), "caches synced");
        return host;
    }

    /// <summary>
    /// Creates the widget and lets it settle, holds the watch, then has the controller write status once more. Returns the
    /// version the cache still holds and the one the controller wrote.
    /// </summary>
    private async Task<(string Stale, string Written)> WriteWhileTheWatchIsHeldAsync(OperatorTestHost host)
    {
        var widgets = _api.Client<Widget>();
        var store = host.Services.GetRequiredService<IInformerFactory>().GetInformer<Widget>().Store;
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget(Key.Name), default);
        await Eventually.HoldsAsync(() => store.Get(Key)?.Status?.ObservedGeneration == 1, "first status in the cache");
        var stale = store.Get(Key)!.Metadata.ResourceVersion;

        _gate.Hold();
        _recorder.Marker = " first";
        await PokeAsync("first");
        await Eventually.HoldsAsync(async () => (await MessageAsync())?.EndsWith(" first", StringComparison.Ordinal) == true, "status written while the watch is held");
        await Eventually.HoldsAsync(() => _recorder.Active == 0, "that reconcile finished");
        var written = (await widgets.GetAsync(Key.Namespace, Key.Name, default))!.Metadata.ResourceVersion;
        store.Get(Key)!.Metadata.ResourceVersion.Should().Be(stale, "the watch is held, so the cache lags the write");
        return (stale, written);
    }

    private async Task<string?> MessageAsync() =>
        (await _api.Client<Widget>().GetAsync(Key.Namespace, Key.Name, default))?.Status?.Conditions.SingleOrDefault(c => c.Type == "Ready")?.Message;

    private async Task PokeAsync(string value)
    {
        var maps = _api.Client<V1ConfigMap>();
        var map = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "poke", NamespaceProperty = "default" }, Data = new Dictionary<string, string> { ["v"] = value } };
        if (!(await maps.TryCreateAsync(map, default)).Created)
        {
            await maps.PatchAsync("default", "poke", new { data = map.Data }, default);
        }
    }

    private static double Skipped(OperatorTestHost host) =>
        host.Services.GetRequiredService<OperatorMetrics>().StaleReconcilesSkipped.WithLabels("widget").Value;
}
