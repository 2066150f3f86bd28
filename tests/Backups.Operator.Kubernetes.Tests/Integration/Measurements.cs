using System.Diagnostics;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

[CollectionDefinition(nameof(Measurements), DisableParallelization = true)]
public sealed class MeasurementsCollection;

/// <summary>
/// The figures the README quotes, measured alone (no other test class runs in parallel with this collection) and printed
/// as MEASURED lines. Assertions only check correctness, never timings.
/// </summary>
[Collection(nameof(Measurements))]
[Trait("Category", "Measurement")]
public sealed class Measurements(ITestOutputHelper output) : IAsyncLifetime
{
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Memory_after_ten_thousand_objects_synced_and_after_repeated_reconnects()
    {
        const int count = 10_000;
        var maps = _api.Client<V1ConfigMap>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await maps.CreateAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = $"cm-{i:D5}", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "measure" } },
                Data = new Dictionary<string, string> { ["key"] = $"value-{i}" },
            }, ct));

        var before = ManagedBytes();
        var informer = new Informer<V1ConfigMap>(maps, new InformerOptions { Namespace = "default", InitialBackoff = TimeSpan.FromMilliseconds(50) }, TimeProvider.System, NullLogger<Informer<V1ConfigMap>>.Instance);
        await using (informer)
        {
            var stopwatch = Stopwatch.StartNew();
            informer.Start();
            await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            var syncTime = stopwatch.Elapsed;
            informer.Store.Count.Should().Be(count);
            var synced = ManagedBytes();

            const int reconnects = 200;
            for (var i = 0; i < reconnects; i++)
            {
                // Each watch carries an event before it is closed: watches that end without a line again and again count
                // as failing and back off (docs/kubernetes-runtime.md, "Informer health"), which is not what this measures.
                var events = informer.Statistics.Events;
                await maps.PatchAsync("default", "cm-00000", new { data = new Dictionary<string, string> { ["key"] = $"reconnect-{i}" } }, default);
                await Eventually.HoldsAsync(() => informer.Statistics.Events > events, "the watch carried the change");
                await WatchClosing.CloseUntilRewatchedAsync(_api, () => informer.Statistics.Watches);
            }

            await maps.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after", NamespaceProperty = "default" } }, default);
            await Eventually.HoldsAsync(() => informer.Store.Get("default", "after") is not null, "still watching");
            var afterReconnects = ManagedBytes();
            informer.Statistics.Lists.Should().Be(1);

            output.WriteLine(
                $"MEASURED {count} ConfigMaps synced in {syncTime.TotalMilliseconds:F0} ms (pages of 500); informer cache holds " +
                $"{(synced - before) / 1024.0 / 1024.0:F1} MiB managed ({(synced - before) / count} B/object); " +
                $"after {reconnects} watch reconnects: {(afterReconnects - synced) / 1024.0:F0} KiB change; process working set {Environment.WorkingSet / 1024 / 1024} MiB (includes the in-process API server)");
        }
    }

    [Fact]
    public async Task Change_to_reconcile_latency_idle_steady_and_burst()
    {
        var recorder = new ReconcileRecorder();
        await using var host = await OperatorTestHost.StartAsync(_api, recorder, output: null);
        var widgets = _api.Client<Widget>();

        // Warm up (JIT, connections).
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("warmup"), default);
        await Eventually.HoldsAsync(() => recorder.CountOf(new ObjectKey("default", "warmup")) == 1, "warm");

        var idle = await MeasureAsync(widgets, recorder, "idle", 50, TimeSpan.FromMilliseconds(100), parallelism: 1);
        var steady = await MeasureAsync(widgets, recorder, "steady", 500, TimeSpan.FromMilliseconds(10), parallelism: 1);
        var burst = await MeasureAsync(widgets, recorder, "burst", 1000, TimeSpan.Zero, parallelism: 16);

        output.WriteLine($"MEASURED change-to-reconcile latency, 4 workers, status write per reconcile: idle (1 create per 100 ms) {idle}");
        output.WriteLine($"MEASURED change-to-reconcile latency, steady load (~100 creates/s) {steady}");
        output.WriteLine($"MEASURED change-to-reconcile latency, burst of 1000 creates (16 in parallel) {burst}");
        recorder.Overlaps.Should().BeEmpty();
    }

    private static async Task<string> MeasureAsync(
        Kubernetes.Client.IResourceClient<Widget> widgets, ReconcileRecorder recorder, string prefix, int count, TimeSpan pause, int parallelism)
    {
        var createdAt = new long[count];
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            createdAt[i] = Stopwatch.GetTimestamp();
            await widgets.CreateAsync(ControllerIntegrationTests.NewWidget($"{prefix}-{i}"), ct);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, ct);
            }
        });
        await Eventually.HoldsAsync(() => Enumerable.Range(0, count).All(i => recorder.CountOf(new ObjectKey("default", $"{prefix}-{i}")) >= 1), $"{prefix} reconciled", TimeSpan.FromMinutes(2));
        var total = stopwatch.Elapsed;
        var latencies = Enumerable.Range(0, count)
            .Select(i => Stopwatch.GetElapsedTime(createdAt[i], recorder.FirstStarted(new ObjectKey("default", $"{prefix}-{i}"))!.Value).TotalMilliseconds)
            .Order().ToArray();
        return $"n={count}: p50={latencies[count / 2]:F1} ms p95={latencies[count * 95 / 100]:F1} ms p99={latencies[count * 99 / 100]:F1} ms max={latencies[^1]:F1} ms (all done in {total.TotalSeconds:F1} s)";
    }

    private static long ManagedBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
