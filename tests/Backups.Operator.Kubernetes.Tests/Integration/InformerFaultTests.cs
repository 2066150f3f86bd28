using System.Diagnostics;
using Backups.Operator.Kubernetes.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// The informer against the local API server's fault injection: each test breaks the watch in one way, then checks the
/// cache converges and reports how the loop reconnected (printed as MEASURED lines).
/// </summary>
public sealed class InformerFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestApiServer _api = null!;
    private Informer<V1ConfigMap> _informer = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApiServer.StartAsync();
        var options = new InformerOptions
        {
            Namespace = "default",
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(2),
            PageSize = 50,
        };
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output, "informer")));
        _informer = new Informer<V1ConfigMap>(_api.Client<V1ConfigMap>(), options, TimeProvider.System, loggers.CreateLogger<Informer<V1ConfigMap>>());
    }

    public async Task DisposeAsync()
    {
        await _informer.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Lists_in_pages_then_follows_adds_updates_and_deletes()
    {
        var maps = _api.Client<V1ConfigMap>();
        for (var i = 0; i < 120; i++)
        {
            await maps.CreateAsync(Map($"m{i}"), default);
        }

        var events = new EventLog();
        _informer.AddEventHandler(events);
        _informer.Start();
        await _informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _informer.Store.Count.Should().Be(120);
        events.Adds.Should().Be(120);

        await maps.CreateAsync(Map("new"), default);
        await maps.PatchAsync("default", "m1", new { data = new Dictionary<string, string> { ["k"] = "v" } }, default);
        await maps.DeleteAsync("default", "m2", null, default);

        await Eventually.HoldsAsync(() => events.Deletes == 1 && events.Adds == 121 && events.Updates >= 1, "changes delivered");
        _informer.Store.Get("default", "m2").Should().BeNull();
        _informer.Store.Get("default", "m1")!.Data.Should().ContainKey("k");
        _informer.Statistics.Lists.Should().Be(1);
    }

    [Fact]
    public async Task A_watch_closed_mid_stream_is_resumed_from_its_resourceVersion_without_a_relist()
    {
        await StartSyncedAsync();
        var stopwatch = Stopwatch.StartNew();
        var rewatched = await WatchClosing.CloseUntilRewatchedAsync(_api, () => _informer.Statistics.Watches);
        await _api.Client<V1ConfigMap>().CreateAsync(Map("after-close"), default);
        await Eventually.HoldsAsync(() => _informer.Store.Get("default", "after-close") is not null, "event after the close seen");

        _informer.Statistics.Lists.Should().Be(1, "a normal end of the stream re-watches from the last resourceVersion");
        _informer.Statistics.Errors.Should().Be(0);
        output.WriteLine($"MEASURED watch closed mid-stream: re-watch after {rewatched.TotalMilliseconds:F0} ms, first new event after {stopwatch.ElapsedMilliseconds} ms; {_informer.Statistics}");
    }

    [Fact]
    public async Task A_410_Expired_error_event_makes_the_informer_relist()
    {
        await StartSyncedAsync();

        var stopwatch = Stopwatch.StartNew();
        _api.Server.Faults.ExpireNextWatches(1);
        _api.Server.Faults.CloseAllWatches();
        var relisted = await Eventually.HoldsAsync(() => _informer.Statistics.GoneRelists == 1 && _informer.Statistics.Lists == 2, "relisted after 410");
        await _api.Client<V1ConfigMap>().CreateAsync(Map("after-410"), default);
        await Eventually.HoldsAsync(() => _informer.Store.Get("default", "after-410") is not null, "event after the relist seen");

        _informer.Statistics.Errors.Should().Be(0, "410 is handled by relisting, not by the error backoff");
        output.WriteLine($"MEASURED forced 410 (ERROR event): relist done after {relisted.TotalMilliseconds:F0} ms, first new event after {stopwatch.ElapsedMilliseconds} ms; {_informer.Statistics}");
    }

    [Fact]
    public async Task A_relist_after_410_emits_synthetic_deletes_for_objects_that_vanished_meanwhile()
    {
        var maps = _api.Client<V1ConfigMap>();
        await maps.CreateAsync(Map("keep"), default);
        await maps.CreateAsync(Map("vanish"), default);
        var events = new EventLog();
        _informer.AddEventHandler(events);
        await StartSyncedAsync();

        // Every request now waits 1 s. Close the watch: the informer's re-watch is answered (after 1 s) with 410, and
        // its relist is served after that, while the delete sent right now is applied at 1 s, i.e. while no watch was open.
        _api.Server.Faults.Latency = TimeSpan.FromSeconds(1);
        _api.Server.Faults.ExpireNextWatches(1);
        _api.Server.Faults.CloseAllWatches();
        await maps.DeleteAsync("default", "vanish", null, default);
        _api.Server.Faults.Latency = TimeSpan.Zero;

        await Eventually.HoldsAsync(() => events.Deletes == 1, "vanished object deleted");
        _informer.Store.Get("default", "vanish").Should().BeNull();
        _informer.Store.Get("default", "keep").Should().NotBeNull();
        _informer.Statistics.SyntheticDeletes.Should().Be(1, "the delete was never seen on a watch; only the relist could find it");
        _informer.Statistics.GoneRelists.Should().Be(1);
        output.WriteLine($"MEASURED delete during a 410 gap: {_informer.Statistics}");
    }

    [Fact]
    public async Task An_API_server_restart_is_survived_with_backoff()
    {
        await StartSyncedAsync();

        var stopwatch = Stopwatch.StartNew();
        await _api.Server.RestartAsync();
        var restartTook = stopwatch.Elapsed;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                await _api.Client<V1ConfigMap>().CreateAsync(Map("after-restart"), default);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "server accepts writes again");
        await Eventually.HoldsAsync(() => _informer.Store.Get("default", "after-restart") is not null, "event after the restart seen");

        output.WriteLine($"MEASURED API server restart: restart took {restartTook.TotalMilliseconds:F0} ms, first new event seen after {stopwatch.ElapsedMilliseconds} ms; {_informer.Statistics}");
    }

    [Fact]
    public async Task A_quiet_watch_is_abandoned_by_the_watchdog()
    {
        // A server that never sends bookmarks in time, so the watch really goes quiet.
        await using var silent = await TestApiServer.StartAsync(new Backups.Operator.ApiServer.Hosting.LocalApiServerOptions { BookmarkInterval = TimeSpan.FromHours(1) });
        await using var quiet = new Informer<V1ConfigMap>(
            silent.Client<V1ConfigMap>(),
            new InformerOptions
            {
                Namespace = "default",
                WatchInactivityTimeout = TimeSpan.FromSeconds(1),
                MinWatchTimeout = TimeSpan.FromMinutes(5),
                MaxWatchTimeout = TimeSpan.FromMinutes(5),
            },
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Informer<V1ConfigMap>>.Instance);
        quiet.Start();
        await quiet.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        await Eventually.HoldsAsync(() => quiet.Statistics.WatchdogRestarts >= 1, "watchdog fired");
        await silent.Client<V1ConfigMap>().CreateAsync(Map("after-watchdog"), default);
        await Eventually.HoldsAsync(() => quiet.Store.Get("default", "after-watchdog") is not null, "the restarted watch works");
        output.WriteLine($"MEASURED quiet watch: {quiet.Statistics}");
    }

    private async Task StartSyncedAsync()
    {
        _informer.Start();
        await _informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }

    private static V1ConfigMap Map(string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } };

    private sealed class EventLog : IResourceEventHandler<V1ConfigMap>
    {
        private int _adds;
        private int _updates;
        private int _deletes;

        public int Adds => Volatile.Read(ref _adds);

        public int Updates => Volatile.Read(ref _updates);

        public int Deletes => Volatile.Read(ref _deletes);

        public void OnAdd(V1ConfigMap obj) => Interlocked.Increment(ref _adds);

        public void OnUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) => Interlocked.Increment(ref _updates);

        public void OnDelete(V1ConfigMap obj) => Interlocked.Increment(ref _deletes);
    }
}
