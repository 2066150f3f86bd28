using System.Diagnostics;
using Backups.Operator.Kubernetes.LeaderElection;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>Two hosts campaign for one Lease on the local API server; only the leader reconciles.</summary>
public sealed class LeaderElectionIntegrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private readonly ReconcileRecorder _recorder = new() { Hold = TimeSpan.FromMilliseconds(20) };
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task When_the_leader_dies_without_releasing_the_standby_takes_over_within_the_lease_duration()
    {
        var (leader, standby) = await StartPairAsync(releaseOnCancel: false);
        await using var a = leader;
        await using var b = standby;
        await CreateAndAwaitAsync("before", 10);
        _recorder.ByHost.Keys.Should().Equal(leader.Name);

        var stopwatch = Stopwatch.StartNew();
        await leader.StopAsync();
        var stopped = stopwatch.Elapsed;
        var tookOver = await Eventually.HoldsAsync(() => IsLeader(standby), "standby leads", TimeSpan.FromSeconds(30));
        await CreateAndAwaitAsync("after", 10);
        var reconciling = stopwatch.Elapsed;

        _recorder.ByHost.Should().ContainKey(standby.Name);
        _recorder.Overlaps.Should().BeEmpty("no key is reconciled by both hosts at once");
        tookOver.Should().BeLessThan(LeaseDuration * 3, "the standby acquires the lease once it expired (a generous bound: it guards against never, the figure is printed below)");
        output.WriteLine(
            $"MEASURED leader failover without release (lease 3 s, renew 2 s, retry 0.5 s): leader stopped in {stopped.TotalMilliseconds:F0} ms, " +
            $"standby leading {tookOver.TotalMilliseconds:F0} ms later, new objects reconciled by it {reconciling.TotalMilliseconds:F0} ms after the stop began");
    }

    [Fact]
    public async Task A_gracefully_stopping_leader_releases_the_lease_and_the_standby_takes_over_quickly()
    {
        var (leader, standby) = await StartPairAsync(releaseOnCancel: true);
        await using var a = leader;
        await using var b = standby;
        await CreateAndAwaitAsync("before", 5);

        var stopwatch = Stopwatch.StartNew();
        await leader.StopAsync();
        var stopped = stopwatch.Elapsed;
        var tookOver = await Eventually.HoldsAsync(() => IsLeader(standby), "standby leads", TimeSpan.FromSeconds(30));
        await CreateAndAwaitAsync("after", 5);

        var lease = await _api.Client<V1Lease>().GetAsync("default", "widgets-leader", default);
        lease!.Spec.HolderIdentity.Should().Be(standby.Name);
        _recorder.Overlaps.Should().BeEmpty();
        output.WriteLine(
            $"MEASURED leader failover with release: leader stopped in {stopped.TotalMilliseconds:F0} ms, standby leading {tookOver.TotalMilliseconds:F0} ms later");
    }

    [Fact]
    public async Task Only_the_leader_reconciles_and_keys_never_overlap()
    {
        var (leader, standby) = await StartPairAsync(releaseOnCancel: true);
        await using var a = leader;
        await using var b = standby;

        await CreateAndAwaitAsync("w", 30);

        _recorder.ByHost.Keys.Should().Equal(leader.Name);
        IsLeader(standby).Should().BeFalse();
        _recorder.Overlaps.Should().BeEmpty();
    }

    private async Task<(OperatorTestHost Leader, OperatorTestHost Standby)> StartPairAsync(bool releaseOnCancel)
    {
        var first = await StartHostAsync("host-a", releaseOnCancel);
        await Eventually.HoldsAsync(() => IsLeader(first), "the first host leads");
        var second = await StartHostAsync("host-b", releaseOnCancel);
        return (first, second);
    }

    private Task<OperatorTestHost> StartHostAsync(string name, bool releaseOnCancel) =>
        OperatorTestHost.StartAsync(_api, _recorder, output, name, options =>
        {
            options.LeaderElection.Enabled = true;
            options.LeaderElection.Identity = name;
            options.LeaderElection.LeaseName = "widgets-leader";
            options.LeaderElection.LeaseNamespace = "default";
            options.LeaderElection.LeaseDuration = LeaseDuration;
            options.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(2);
            options.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(500);
            options.LeaderElection.ReleaseOnCancel = releaseOnCancel;
        });

    private static bool IsLeader(OperatorTestHost host) => host.Services.GetRequiredService<ILeaderElection>().IsLeader;

    private async Task CreateAndAwaitAsync(string prefix, int count)
    {
        var widgets = _api.Client<Widget>();
        for (var i = 0; i < count; i++)
        {
            await widgets.CreateAsync(ControllerIntegrationTests.NewWidget($"{prefix}-{i}"), default);
        }

        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, count).All(i => _recorder.CountOf(new ObjectKey("default", $"{prefix}-{i}")) >= 1),
            $"all {prefix} widgets reconciled",
            TimeSpan.FromSeconds(60));
    }
}
