using System.Diagnostics;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>The sample Widget controller on a real host against the local API server.</summary>
public sealed class ControllerIntegrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ReconcileRecorder _recorder = new();
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_created_widget_is_reconciled_once_and_gets_status_and_an_event()
    {
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        var widgets = _api.Client<Widget>();

        await widgets.CreateAsync(NewWidget("w1"), default);

        await Eventually.HoldsAsync(async () => (await widgets.GetAsync("default", "w1", default))?.Status?.ObservedGeneration == 1, "status written");
        var widget = await widgets.GetAsync("default", "w1", default);
        widget!.Status.Conditions.Should().ContainSingle(c => c.Type == "Ready" && c.Status == "True");
        await Eventually.HoldsAsync(async () => (await _api.Client<Corev1Event>().ListAsync("default", null, default)).Items.Any(e => e.Reason == "Reconciled"), "event written");
        _recorder.CountOf(new ObjectKey("default", "w1")).Should().Be(1, "the status write does not trigger another reconcile");

        // A spec change bumps the generation and is reconciled; the same event is aggregated into a count.
        widget.Spec.Size = 5;
        await widgets.UpdateAsync(widget, default);
        await Eventually.HoldsAsync(async () => (await widgets.GetAsync("default", "w1", default))?.Status?.ObservedGeneration == 2, "second generation observed");
        _recorder.CountOf(new ObjectKey("default", "w1")).Should().Be(2);
    }

    [Fact]
    public async Task Finalizer_driven_deletion_runs_the_cleanup_once_then_the_object_goes()
    {
        _recorder.UseFinalizer = true;
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        var widgets = _api.Client<Widget>();
        var key = new ObjectKey("default", "doomed");

        await widgets.CreateAsync(NewWidget("doomed"), default);
        await Eventually.HoldsAsync(async () => (await widgets.GetAsync("default", "doomed", default))?.Metadata.Finalizers?.Contains(WidgetReconciler.Finalizer) == true, "finalizer added");

        await widgets.DeleteAsync("default", "doomed", PropagationPolicy.Background, default);

        await Eventually.HoldsAsync(async () => await widgets.GetAsync("default", "doomed", default) is null, "object removed after the finalizer");
        _recorder.Cleanups[key].Should().BeGreaterThanOrEqualTo(1, "cleanup ran (it may run again when a write conflicts, so cleanups must be idempotent)");
    }

    [Fact]
    public async Task Foreign_finalizers_are_kept_and_do_not_block_our_cleanup()
    {
        _recorder.UseFinalizer = true;
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        var widgets = _api.Client<Widget>();
        var widget = NewWidget("shared");
        widget.Metadata.Finalizers = ["other.example.dev/keep"];
        await widgets.CreateAsync(widget, default);
        await Eventually.HoldsAsync(async () => (await widgets.GetAsync("default", "shared", default))?.Metadata.Finalizers?.Count == 2, "our finalizer added next to the foreign one");

        await widgets.DeleteAsync("default", "shared", null, default);

        await Eventually.HoldsAsync(() => _recorder.Cleanups.ContainsKey(new ObjectKey("default", "shared")), "our cleanup ran");
        await Eventually.HoldsAsync(async () => (await widgets.GetAsync("default", "shared", default))?.Metadata.Finalizers is ["other.example.dev/keep"], "only our finalizer removed");
    }

    [Fact]
    public async Task A_thousand_widgets_created_at_once_are_each_reconciled_exactly_once()
    {
        const int count = 1000;
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output: null);
        var widgets = _api.Client<Widget>();
        var createdAt = new long[count];

        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            createdAt[i] = Stopwatch.GetTimestamp();
            await widgets.CreateAsync(NewWidget($"bulk-{i}"), ct);
        });
        var created = stopwatch.Elapsed;

        await Eventually.HoldsAsync(() => Enumerable.Range(0, count).All(i => _recorder.CountOf(new ObjectKey("default", $"bulk-{i}")) >= 1), "every widget reconciled", TimeSpan.FromMinutes(2));
        var allReconciled = stopwatch.Elapsed;
        await Eventually.HoldsAsync(async () => (await widgets.ListAsync("default", null, default)).Items.All(w => w.Status?.ObservedGeneration == 1), "every status written", TimeSpan.FromMinutes(2));

        // Stray duplicates would come from the watch events of the status writes. One watch delivers events in resourceVersion
        // order and the queue is first in, first out: once a widget created after them is reconciled and the controller is
        // idle, every duplicate those events could cause has been reconciled and counted.
        await widgets.CreateAsync(NewWidget("marker"), default);
        await Eventually.HoldsAsync(() => _recorder.CountOf(new ObjectKey("default", "marker")) >= 1 && IsIdle(host), "the marker reconciled and the controller idle");
        Enumerable.Range(0, count).Select(i => _recorder.CountOf(new ObjectKey("default", $"bulk-{i}"))).Should().AllBeEquivalentTo(1);
        _recorder.Overlaps.Should().BeEmpty();

        var latencies = Enumerable.Range(0, count)
            .Select(i => Stopwatch.GetElapsedTime(createdAt[i], _recorder.FirstStarted(new ObjectKey("default", $"bulk-{i}"))!.Value).TotalMilliseconds)
            .Order().ToArray();
        output.WriteLine(
            $"MEASURED change-to-reconcile latency under load ({count} creates, 16 parallel, 4 workers): " +
            $"p50={latencies[count / 2]:F1} ms p95={latencies[count * 95 / 100]:F1} ms p99={latencies[count * 99 / 100]:F1} ms max={latencies[^1]:F1} ms; " +
            $"creates took {created.TotalSeconds:F2} s, all reconciled after {allReconciled.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Health_and_metrics_endpoints_report_the_runtime()
    {
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        var endpoints = host.Services.GetService(typeof(OperatorEndpoints)) as OperatorEndpoints;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await _api.Client<Widget>().CreateAsync(NewWidget("m"), default);
        await Eventually.HoldsAsync(() => _recorder.Total >= 1, "reconciled");

        (await http.GetAsync(new Uri(endpoints!.HealthAddress!, "/healthz"))).IsSuccessStatusCode.Should().BeTrue();
        await Eventually.HoldsAsync(async () => (await http.GetAsync(new Uri(endpoints.HealthAddress!, "/readyz"))).IsSuccessStatusCode, "ready");
        (await http.GetAsync(new Uri(endpoints.HealthAddress!, "/metrics"))).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, "metrics live on their own port");

        string metrics = string.Empty;
        await Eventually.HoldsAsync(async () =>
        {
            metrics = await http.GetStringAsync(new Uri(endpoints.MetricsAddress!, "/metrics"));
            return metrics.Contains("controller_runtime_reconcile_total{controller=\"widget\",result=\"success\"} 1");
        }, "reconcile counted");
        metrics.Should().Contain("controller_runtime_reconcile_time_seconds_bucket{controller=\"widget\",le=\"0.005\"}")
            .And.Contain("controller_runtime_max_concurrent_reconciles{controller=\"widget\"} 4")
            .And.Contain("workqueue_adds_total{name=\"widget\",controller=\"widget\"} 1")
            .And.Contain("workqueue_queue_duration_seconds_bucket{name=\"widget\",controller=\"widget\",le=\"1e-08\"}")
            .And.Contain("workqueue_depth{name=\"widget\",controller=\"widget\",priority=\"\"} 0")
            .And.Contain("workqueue_longest_running_processor_seconds")
            .And.Contain("controller_runtime_reconcile_errors_total{controller=\"widget\"} 0")
            .And.Contain("controller_runtime_reconcile_total{controller=\"widget\",result=\"requeue_after\"} 0")
            .And.Contain("leader_election_master_status");
    }

    internal static Widget NewWidget(string name, int size = 1) => new() { Metadata = { Name = name, NamespaceProperty = "default" }, Spec = { Size = size } };

    /// <summary>No reconcile running and no key ready in the Widget controller's queue.</summary>
    internal static bool IsIdle(OperatorTestHost host)
    {
        var metrics = host.Services.GetRequiredService<Backups.Operator.Kubernetes.Metrics.OperatorMetrics>();
        return host.Services.GetServices<IControllerStatus>().All(c =>
            metrics.ActiveWorkers.WithLabels(c.Name).Value == 0 && metrics.QueueDepth.WithLabels(c.Name, c.Name, string.Empty).Value == 0);
    }
}
