using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Backups.Operator.Simulator.Faults;

namespace Backups.Operator.DigitalOcean.Tests.Http;

/// <summary>A snapshot or rebuild POST whose outcome is unknown is Ambiguous, never retried, and recoverable by name.</summary>
public sealed class AmbiguousPostTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Theory]
    [InlineData(FaultKind.HttpError)]
    [InlineData(FaultKind.DropConnection)]
    public async Task A_snapshot_accepted_but_answered_with_a_failure_is_Ambiguous_and_adoptable(FaultKind kind)
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = kind, AfterCommit = true, Count = 1 });
        var client = scope.ClientA();

        var result = await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "team-a-shop-8c1f", Ct);

        result.Kind.Should().Be(DoResultKind.Ambiguous);
        scope.State.Requests.CountFor("snapshot_droplet").Should().Be(1, "a snapshot POST is never retried");
        var recent = await client.ListRecentDropletActionsAsync(SimulatorScope.ShopDroplet, 20, Ct);
        recent.Value!.Should().ContainSingle(a => a.Type == "snapshot" && a.IsInProgress, "the action exists although the response was lost");

        scope.CompleteActions();
        var adopted = await client.FindDropletSnapshotsByNameAsync(SimulatorScope.ShopDroplet, "team-a-shop-8c1f", Ct);
        adopted.Value!.Should().ContainSingle();
        scope.State.ListSnapshotsOfToken(SimulatorScope.TokenA).Should().ContainSingle("no duplicate snapshot was made");
    }

    [Fact]
    public async Task A_5xx_before_the_action_is_taken_is_still_Ambiguous_for_the_client()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.HttpError, StatusCode = 502, Count = 1 });

        var result = await scope.ClientA().SnapshotDropletAsync(SimulatorScope.ShopDroplet, "n", Ct);

        result.Kind.Should().Be(DoResultKind.Ambiguous);
        result.Error!.StatusCode.Should().Be(502);
        scope.State.ListActionsOfDroplet(SimulatorScope.ShopDroplet).Should().BeEmpty();
    }

    [Fact]
    public async Task A_snapshot_POST_that_times_out_is_Ambiguous()
    {
        await using var scope = await SimulatorScope.StartAsync(client: o => o.RequestTimeout = TimeSpan.FromSeconds(30), sharedClock: true);
        scope.State.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.Slow, DelaySeconds = 3600, AfterCommit = true, Count = 1 });

        var call = scope.ClientA().SnapshotDropletAsync(SimulatorScope.ShopDroplet, "slow", Ct);
        await Eventually.TrueAsync(() => scope.State.ListActionsOfDroplet(SimulatorScope.ShopDroplet).Count == 1, "the action was taken");
        scope.Time.Advance(TimeSpan.FromSeconds(30));
        var result = await call;

        result.Kind.Should().Be(DoResultKind.Ambiguous);
        result.Error!.Id.Should().Be("timeout");
        scope.Metrics.Requests.Should().ContainSingle(r => r.Operation == "snapshot_droplet" && r.StatusCode == null);
    }

    [Fact]
    public async Task A_rebuild_POST_with_a_dropped_connection_is_Ambiguous()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "s", Ct);
        scope.CompleteActions();
        var image = (await client.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value!.Single().ImageId!.Value;
        scope.State.Faults.Add(new FaultRule { Operation = "rebuild_droplet", Kind = FaultKind.DropConnection, Count = 1 });

        var result = await client.RebuildDropletAsync(SimulatorScope.ShopDroplet, image, Ct);

        result.Kind.Should().Be(DoResultKind.Ambiguous);
        scope.State.Requests.CountFor("rebuild_droplet").Should().Be(1);
    }

    [Fact]
    public async Task A_POST_that_cannot_connect_was_never_sent_and_is_Transient()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var scope = await SimulatorScope.StartAsync(client: o =>
        {
            o.BaseUrl = new Uri($"http://127.0.0.1:{closedPort}/");
            o.MaxRetries = 1;
        });

        var post = await scope.ClientA().SnapshotDropletAsync(SimulatorScope.ShopDroplet, "n", Ct);
        var get = await scope.ClientA().GetDropletAsync(SimulatorScope.ShopDroplet, Ct);

        post.Kind.Should().Be(DoResultKind.Transient);
        post.Error!.StatusCode.Should().BeNull();
        get.Kind.Should().Be(DoResultKind.Transient);
        scope.Metrics.Requests.Should().HaveCount(3, "one POST attempt and two GET attempts").And.OnlyContain(r => r.StatusCode == null);
    }
}
