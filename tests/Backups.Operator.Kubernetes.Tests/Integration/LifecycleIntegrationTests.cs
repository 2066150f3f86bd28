using System.Diagnostics;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.LeaderElection;
using Backups.Operator.Kubernetes.Resources;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>Shutdown budget, leadership loss and event aggregation on a real host.</summary>
public sealed class LifecycleIntegrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ReconcileRecorder _recorder = new();
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_graceful_stop_lets_an_in_flight_reconcile_finish()
    {
        _recorder.Hold = TimeSpan.FromSeconds(1);
        var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("slow"), default);
        await Eventually.HoldsAsync(() => _recorder.Active == 1, "reconcile in flight");

        await host.DisposeAsync();

        _recorder.Completed.Should().Be(1);
        _recorder.Cancelled.Should().Be(0);
    }

    [Fact]
    public async Task A_reconcile_outliving_the_shutdown_budget_is_cancelled()
    {
        _recorder.Hold = TimeSpan.FromMinutes(5);
        var host = await OperatorTestHost.StartAsync(_api, _recorder, output, configure: o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("stuck"), default);
        await Eventually.HoldsAsync(() => _recorder.Active == 1, "reconcile in flight");

        var stopwatch = Stopwatch.StartNew();
        await host.DisposeAsync();

        _recorder.Cancelled.Should().Be(1);
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(1), "the stop does not wait for the five-minute reconcile");
        output.WriteLine($"MEASURED stop with a stuck reconcile and a 1 s budget took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Losing_the_lease_stops_the_controllers_and_the_host()
    {
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output, "victim", o =>
        {
            o.LeaderElection.Enabled = true;
            o.LeaderElection.Identity = "victim";
            o.LeaderElection.LeaseName = "stolen";
            o.LeaderElection.LeaseNamespace = "default";
            o.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(3);
            o.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(2);
            o.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(500);
        });
        var election = host.Services.GetRequiredService<ILeaderElection>();
        await Eventually.HoldsAsync(() => election.IsLeader, "leading");
        var leadership = await election.WaitForLeadershipAsync(default);

        await StealLeaseAsync("stolen", "intruder");

        await Eventually.HoldsAsync(() => leadership.IsCancellationRequested && !election.IsLeader, "leadership lost", TimeSpan.FromSeconds(30));
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested
            .Should().BeTrue("like controller-runtime, the process exits when it loses the lease");
        await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("after-loss"), default);
        // The informer keeps watching without the lease: once the object is in its cache, a leading controller would have had
        // it in its queue, so an idle controller with no reconcile of it shows the controllers stopped with the leadership.
        var store = host.Services.GetRequiredService<IInformerFactory>().GetInformer<Widget>().Store;
        await Eventually.HoldsAsync(() => store.Get("default", "after-loss") is not null, "the informer to see the new widget");
        ControllerIntegrationTests.IsIdle(host).Should().BeTrue("nothing is queued or reconciling without the lease");
        _recorder.CountOf(new ObjectKey("default", "after-loss")).Should().Be(0, "controllers stop with the leadership");
    }

    [Fact]
    public async Task Repeated_events_are_aggregated_into_one_event_with_a_count()
    {
        await using var host = await OperatorTestHost.StartAsync(_api, _recorder, output);
        var recorder = host.Services.GetRequiredService<IEventRecorder>();
        var widget = await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("noisy"), default);

        for (var i = 0; i < 5; i++)
        {
            recorder.Record(widget, EventType.Warning, "Flapping", "same message");
        }

        recorder.Record(widget, EventType.Warning, "Flapping", "another message");
        recorder.Record(null!, EventType.Normal, "Ignored", "never throws");

        var events = _api.Client<Corev1Event>();
        await Eventually.HoldsAsync(async () => (await events.ListAsync("default", null, default)).Items.Where(e => e.Reason == "Flapping").Sum(e => e.Count ?? 0) == 6, "all counted");
        var flapping = (await events.ListAsync("default", null, default)).Items.Where(e => e.Reason == "Flapping").ToList();
        flapping.Should().HaveCount(2);
        var repeated = flapping.Single(e => e.Message == "same message");
        repeated.Count.Should().Be(5);
        repeated.Type.Should().Be("Warning");
        repeated.InvolvedObject.Name.Should().Be("noisy");
        repeated.InvolvedObject.Uid.Should().Be(widget.Metadata.Uid);
        repeated.FirstTimestamp.Should().NotBeNull();
        repeated.LastTimestamp.Should().BeOnOrAfter(repeated.FirstTimestamp!.Value);
        repeated.ReportingComponent.Should().Be("backups-operator");
    }

    [Fact]
    public async Task Two_events_about_one_object_at_the_same_instant_are_both_written()
    {
        var frozen = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        var recorder = new EventRecorder(
            _api.Client<Corev1Event>(),
            Microsoft.Extensions.Options.Options.Create(new EventRecorderOptions { Instance = "frozen" }),
            frozen,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EventRecorder>.Instance);
        await recorder.StartAsync(default);
        try
        {
            var widget = await _api.Client<Widget>().CreateAsync(ControllerIntegrationTests.NewWidget("same-instant"), default);

            recorder.Record(widget, EventType.Normal, "Started", "first");
            recorder.Record(widget, EventType.Warning, "Failed", "second");

            var events = _api.Client<Corev1Event>();
            await Eventually.HoldsAsync(
                async () => (await events.ListAsync("default", null, default)).Items.Count(e => e.InvolvedObject.Name == "same-instant") == 2,
                "both events written although the clock did not move");
        }
        finally
        {
            await recorder.StopAsync(default);
        }
    }

    private async Task StealLeaseAsync(string name, string holder)
    {
        var leases = _api.Client<V1Lease>();
        await Eventually.HoldsAsync(async () =>
        {
            var lease = await leases.GetAsync("default", name, default);
            lease!.Spec.HolderIdentity = holder;
            lease.Spec.LeaseDurationSeconds = 3600;
            lease.Spec.RenewTime = DateTime.UtcNow;
            try
            {
                await leases.UpdateAsync(lease, default);
                return true;
            }
            catch (HttpOperationException e) when (Kubernetes.Client.ApiErrors.IsConflict(e))
            {
                return false;
            }
        }, "lease stolen");
    }
}
