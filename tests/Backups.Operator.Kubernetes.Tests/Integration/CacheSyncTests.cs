using System.Net;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// No reconcile runs on a cache that has not synced (docs/kubernetes-runtime.md, "Cache sync"), and the routine
/// outcomes around it (readiness before sync, 409 on a write) are logged quietly.
/// </summary>
public sealed class CacheSyncTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task No_reconcile_runs_until_a_cache_the_reconciler_reads_has_synced()
    {
        await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("w1"), default);
        _api.Server.Faults.FailListsAndWatches("configmaps");
        var recorder = new ReconcileRecorder();
        var logs = new CapturedLogs();
        await using var host = await OperatorTestHost.StartAsync(_api, recorder, output, logs: logs, controller: options => options.Reads<V1ConfigMap>());
        var factory = host.Services.GetRequiredService<IInformerFactory>();
        var configMaps = factory.Informers.Single(i => i.Resource == "configmaps");
        var widgetsInformer = factory.Informers.Single(i => i.Resource == "widgets.test.example.dev");
        using var http = new HttpClient();
        var endpoints = host.Services.GetRequiredService<OperatorEndpoints>();

        await Eventually.HoldsAsync(() => widgetsInformer.HasSynced && configMaps.Statistics.Errors >= 3, "the widget cache synced while the config map cache keeps failing");
        recorder.Total.Should().Be(0, "the reconciler reads config maps, whose cache has not synced");
        (await http.GetAsync(new Uri(endpoints.HealthAddress!, "/readyz"))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        _api.Server.Faults.StopFailingListsAndWatches("configmaps");
        await Eventually.HoldsAsync(() => recorder.CountOf(new ObjectKey("default", "w1")) >= 1, "reconciled once the cache synced");
        await Eventually.HoldsAsync(async () => (await http.GetAsync(new Uri(endpoints.HealthAddress!, "/readyz"))).StatusCode == HttpStatusCode.OK, "ready");

        logs.Lines.Where(l => l.Level >= LogLevel.Error).Should().BeEmpty("not being ready before the caches sync is expected, not an error");
        logs.Lines.Should().Contain(l => l.Level == LogLevel.Information && l.Message.StartsWith("Ready", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reconcile_started_before_a_lazily_created_informer_synced_waits_for_it()
    {
        // The reconciler asks for an informer the controller did not declare: the first reconcile creates it; no further
        // reconcile runs until it synced.
        _api.Server.Faults.FailListsAndWatches("configmaps");
        var recorder = new ReconcileRecorder();
        await using var host = await OperatorTestHost.StartAsync(_api, recorder, output);
        var factory = host.Services.GetRequiredService<IInformerFactory>();
        factory.GetInformer<V1ConfigMap>();
        await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("w2"), default);
        var configMaps = factory.Informers.Single(i => i.Resource == "configmaps");

        await Eventually.HoldsAsync(() => configMaps.Statistics.Errors >= 3, "the config map cache keeps failing");
        recorder.Total.Should().Be(0);

        _api.Server.Faults.StopFailingListsAndWatches("configmaps");
        await Eventually.HoldsAsync(() => recorder.CountOf(new ObjectKey("default", "w2")) >= 1, "reconciled once every cache synced");
    }

    [Fact]
    public async Task A_409_on_a_write_is_retried_quietly_at_debug_without_a_stack_trace()
    {
        var recorder = new ReconcileRecorder();
        var logs = new CapturedLogs();
        await using var host = await OperatorTestHost.StartAsync(_api, recorder, output, logs: logs);
        await Eventually.HoldsAsync(() => host.Services.GetRequiredService<IInformerFactory>().Informers.All(i => i.HasSynced), "synced");
        await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("w4"), default);
        _api.Server.Faults.FailWrites(1.0, 409);

        await Eventually.HoldsAsync(() => logs.Lines.Count(l => l.Message.Contains("write conflict (409)", StringComparison.Ordinal)) >= 2, "conflicts retried");
        _api.Server.Faults.Reset();
        await Eventually.HoldsAsync(async () => (await _api.Client<Widget>().GetAsync("default", "w4", default))?.Status?.ObservedGeneration == 1, "status written after the conflicts");

        var conflicts = logs.Lines.Where(l => l.Message.Contains("write conflict (409)", StringComparison.Ordinal)).ToList();
        conflicts.Should().OnlyContain(l => l.Level == LogLevel.Debug && l.Exception == null);
        logs.Lines.Where(l => l.Level >= LogLevel.Error).Should().BeEmpty();
    }
}
