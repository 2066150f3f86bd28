using System.Diagnostics;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Kubernetes.Resources;
using k8s.Autorest;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>The sample controller keeps converging while the local API server misbehaves.</summary>
public sealed class ControllerFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ReconcileRecorder _recorder = new();
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Conflicts_on_a_share_of_writes_are_retried_until_every_status_is_written()
    {
        const int count = 100;
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output: null);
        _api.Server.Faults.FailWrites(0.3, 409);
        var widgets = _api.Client<Widget>();

        for (var i = 0; i < count; i++)
        {
            await RetryAsync(() => widgets.CreateAsync(ControllerIntegrationTests.NewWidget($"c-{i}"), default));
        }

        await Eventually.HoldsAsync(
            async () => (await RetryAsync(() => widgets.ListAsync("default", null, default))).Items.Count(w => w.Status?.ObservedGeneration == 1) == count,
            "every status written despite conflicts",
            TimeSpan.FromMinutes(2));
        var failed = _api.Server.Faults.FailedWrites;
        _api.Server.Faults.Reset();

        var metrics = host.Services.GetRequiredService<OperatorMetrics>();
        var errors = metrics.ReconcileErrors.WithLabels("widget").Value;
        errors.Should().BeGreaterThan(0, "injected conflicts fail reconciles");
        metrics.ReconcilePanics.WithLabels("widget").Value.Should().Be(0, "API errors are not counted as panics");
        _recorder.Overlaps.Should().BeEmpty();
        output.WriteLine($"MEASURED 30 % injected 409s: {failed} writes failed, {errors} reconcile errors, {_recorder.Total} reconciles for {count} objects");
    }

    [Fact]
    public async Task The_controller_recovers_from_closed_watches_410_and_an_API_server_restart()
    {
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        var widgets = _api.Client<Widget>();
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("start"), default);
        await Eventually.HoldsAsync(() => _recorder.CountOf(new ObjectKey("default", "start")) == 1, "first reconcile");

        var closed = await TimeToReconcileAfterAsync(() => { _api.Server.Faults.CloseAllWatches(); return Task.CompletedTask; }, "after-close");
        var expired = await TimeToReconcileAfterAsync(() => { _api.Server.Faults.ExpireNextWatches(1); _api.Server.Faults.CloseAllWatches(); return Task.CompletedTask; }, "after-410");
        var restarted = await TimeToReconcileAfterAsync(() => _api.Server.RestartAsync(), "after-restart");

        _recorder.CountOf(new ObjectKey("default", "start")).Should().Be(1, "a relist does not re-reconcile unchanged objects (the generation predicate drops them)");
        output.WriteLine(
            $"MEASURED controller recovery, fault -> next change reconciled: closed watch {closed.TotalMilliseconds:F0} ms, " +
            $"410 {expired.TotalMilliseconds:F0} ms, API server restart {restarted.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task RequeueAfter_and_terminal_errors_are_mapped_like_controller_runtime()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        var script = new ScriptedReconciler.Script();
        builder.Services.AddSingleton(script);
        builder.Services.AddOperatorRuntime(o =>
        {
            o.ClientConfiguration = _api.Server.CreateClientConfiguration();
            o.ServeEndpoints = false;
        });
        builder.Services.AddController<Widget, ScriptedReconciler>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var widgets = _api.Client<Widget>();
            await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("poll"), default);
            await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("bad"), default);
            await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("flaky"), default);

            await Eventually.HoldsAsync(() => script.Count("poll") >= 3, "RequeueAfter polls again");
            await Eventually.HoldsAsync(() => script.Count("flaky") >= 3, "a thrown exception is retried with backoff");
            var metrics = host.Services.GetRequiredService<OperatorMetrics>();
            await Eventually.HoldsAsync(() => metrics.TerminalReconcileErrors.WithLabels("widget").Value == 1, "the terminal error counted");
            // A retry of "bad" would come after at most the queue's first backoff; "poll" requeues every 100 ms, so five more
            // polls after the terminal error cover that window many times over (a counter, not a sleep).
            var polls = script.Count("poll");
            await Eventually.HoldsAsync(() => script.Count("poll") >= polls + 5, "five more polls after the terminal error");

            script.Count("bad").Should().Be(1, "a terminal error is not retried");
            metrics.TerminalReconcileErrors.WithLabels("widget").Value.Should().Be(1);
            metrics.ReconcileTotal.WithLabels("widget", "requeue_after").Value.Should().BeGreaterThanOrEqualTo(2);
            metrics.ReconcilePanics.WithLabels("widget").Value.Should().BeGreaterThanOrEqualTo(2, "InvalidOperationException is a bug, counted as a panic");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private async Task<TimeSpan> TimeToReconcileAfterAsync(Func<Task> fault, string name)
    {
        var stopwatch = Stopwatch.StartNew();
        await fault();
        var widgets = _api.Client<Widget>();
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await widgets.TryCreateAsync(ControllerIntegrationTests.NewWidget(name), default)) is { } result;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"{name} created");
        await Eventually.HoldsAsync(() => _recorder.CountOf(new ObjectKey("default", name)) >= 1, $"{name} reconciled");
        return stopwatch.Elapsed;
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (HttpOperationException e) when (attempt < 50 && (ApiErrors.IsConflict(e) || ApiErrors.IsTransient(e)))
            {
            }
            catch (HttpOperationException e) when (ApiErrors.IsAlreadyExists(e))
            {
                return default!;
            }
        }
    }

    /// <summary>Reconciler whose behaviour depends on the object's name.</summary>
    public sealed class ScriptedReconciler(ScriptedReconciler.Script script) : IReconciler<Widget>
    {
        public Task<ReconcileResult> ReconcileAsync(ReconcileRequest<Widget> request, CancellationToken cancellationToken)
        {
            script.Record(request.Key.Name);
            return request.Key.Name switch
            {
                "poll" => Task.FromResult(ReconcileResult.After(TimeSpan.FromMilliseconds(100))),
                "bad" => throw new TerminalException("spec can never work"),
                "flaky" => throw new InvalidOperationException("bug"),
                _ => Task.FromResult(ReconcileResult.Done),
            };
        }

        public sealed class Script
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

            public int Count(string name) => _counts.GetValueOrDefault(name);

            public void Record(string name) => _counts.AddOrUpdate(name, 1, (_, c) => c + 1);
        }
    }
}
