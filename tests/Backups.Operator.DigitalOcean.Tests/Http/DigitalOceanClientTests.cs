using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.DigitalOcean.Tests.Http;

/// <summary>Every client operation against the simulator over real HTTP.</summary>
public sealed class DigitalOceanClientTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetAccount_returns_the_account_behind_the_token()
    {
        await using var scope = await SimulatorScope.StartAsync();

        var result = await scope.ClientA().GetAccountAsync(Ct);

        result.Kind.Should().Be(DoResultKind.Ok);
        result.Value!.Email.Should().Be("alpha@example.com");
        result.Value.Status.Should().Be("active");
    }

    [Fact]
    public async Task An_unknown_token_is_Unauthorized_with_the_DigitalOcean_error()
    {
        await using var scope = await SimulatorScope.StartAsync();

        var result = await scope.Factory.Create("dop_v1_not_a_real_token").GetAccountAsync(Ct);

        result.Kind.Should().Be(DoResultKind.Unauthorized);
        result.Error!.StatusCode.Should().Be(401);
        result.Error.Id.Should().Be("unauthorized");
        result.Error.Message.Should().Be("Unable to authenticate you.");
        result.Error.RequestId.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task GetDroplet_decodes_the_droplet()
    {
        await using var scope = await SimulatorScope.StartAsync();

        var result = await scope.ClientA().GetDropletAsync(SimulatorScope.ShopDroplet, Ct);

        result.IsOk.Should().BeTrue();
        result.Value!.Should().BeEquivalentTo(new
        {
            Id = SimulatorScope.ShopDroplet,
            Name = "shop",
            Status = "active",
            Locked = false,
            DiskGigabytes = 80,
            RegionSlug = "nyc3",
        });
    }

    [Fact]
    public async Task Another_accounts_droplet_is_NotFound()
    {
        await using var scope = await SimulatorScope.StartAsync();

        var result = await scope.ClientB().GetDropletAsync(SimulatorScope.ShopDroplet, Ct);

        result.Kind.Should().Be(DoResultKind.NotFound);
        result.Error!.StatusCode.Should().Be(404);
        result.Error.Id.Should().Be("not_found");
    }

    [Fact]
    public async Task A_snapshot_goes_through_from_action_to_deletion()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();

        var action = await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "team-a-shop-1", Ct);
        action.IsOk.Should().BeTrue();
        action.Value!.IsInProgress.Should().BeTrue();
        action.Value.Type.Should().Be("snapshot");
        action.Value.ResourceId.Should().Be(SimulatorScope.ShopDroplet);
        action.Value.CompletedAt.Should().BeNull();
        (await client.GetDropletAsync(SimulatorScope.ShopDroplet, Ct)).Value!.Locked.Should().BeTrue();

        var second = await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "team-a-shop-2", Ct);
        second.Kind.Should().Be(DoResultKind.PendingEvent);
        second.Error!.Message.Should().Be("Droplet already has a pending event.");

        (await client.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value.Should().BeEmpty("a snapshot appears only when its action completes");

        scope.CompleteActions();

        var done = await client.GetActionAsync(action.Value.Id, Ct);
        done.Value!.IsCompleted.Should().BeTrue();
        done.Value.CompletedAt.Should().NotBeNull();
        (await client.GetDropletActionAsync(SimulatorScope.ShopDroplet, action.Value.Id, Ct)).Value!.IsCompleted.Should().BeTrue();
        (await client.GetDropletAsync(SimulatorScope.ShopDroplet, Ct)).Value!.Locked.Should().BeFalse();

        var listed = (await client.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value!;
        listed.Should().ContainSingle();
        var snapshot = listed[0];
        snapshot.Name.Should().Be("team-a-shop-1");
        snapshot.CreatedAt.Should().Be(action.Value.StartedAt!.Value, "created_at equals the action's started_at");
        snapshot.ImageId.Should().NotBeNull();
        snapshot.ResourceId.Should().Be(SimulatorScope.ShopDroplet);

        var fetched = await client.GetSnapshotAsync(snapshot.Id, Ct);
        fetched.Value!.Id.Should().Be(snapshot.Id);
        fetched.Value.ResourceId.Should().Be(SimulatorScope.ShopDroplet);
        fetched.Value.ResourceType.Should().Be("droplet");
        fetched.Value.SizeGigabytes.Should().BeGreaterThan(0);
        fetched.Value.MinDiskSize.Should().Be(80);
        fetched.Value.Regions.Should().Equal("nyc3");

        var byName = await client.FindDropletSnapshotsByNameAsync(SimulatorScope.ShopDroplet, "team-a-shop-1", Ct);
        byName.Value!.Select(s => s.Id).Should().Equal(snapshot.Id);
        (await client.FindDropletSnapshotsByNameAsync(SimulatorScope.ShopDroplet, "team-a-shop", Ct)).Value.Should().BeEmpty("names match exactly");

        (await client.DeleteSnapshotAsync(snapshot.Id, Ct)).Value.Should().Be(SnapshotDeletion.Deleted);
        (await client.GetSnapshotAsync(snapshot.Id, Ct)).Kind.Should().Be(DoResultKind.NotFound);
        (await client.DeleteSnapshotAsync(snapshot.Id, Ct)).Value.Should().Be(SnapshotDeletion.AlreadyGone, "404 on DELETE counts as done");
    }

    [Fact]
    public async Task Another_accounts_snapshot_and_action_are_NotFound()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var action = (await scope.ClientA().SnapshotDropletAsync(SimulatorScope.ShopDroplet, "mine", Ct)).Value!;
        scope.CompleteActions();
        var snapshot = (await scope.ClientA().ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value!.Single();

        var other = scope.ClientB();
        (await other.GetActionAsync(action.Id, Ct)).Kind.Should().Be(DoResultKind.NotFound);
        (await other.GetSnapshotAsync(snapshot.Id, Ct)).Kind.Should().Be(DoResultKind.NotFound);
        (await other.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Kind.Should().Be(DoResultKind.NotFound);
        (await other.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "theirs", Ct)).Kind.Should().Be(DoResultKind.NotFound);
        (await other.DeleteSnapshotAsync(snapshot.Id, Ct)).Value.Should().Be(SnapshotDeletion.AlreadyGone);
        scope.State.ListSnapshotsOfToken(SimulatorScope.TokenA).Should().ContainSingle("another token cannot delete it");
    }

    [Fact]
    public async Task Lists_follow_every_page()
    {
        await using var scope = await SimulatorScope.StartAsync(client: o => o.PageSize = 2);
        var client = scope.ClientA();
        for (var i = 0; i < 5; i++)
        {
            (await client.SnapshotDropletAsync(SimulatorScope.BlogDroplet, $"blog-{i}", Ct)).IsOk.Should().BeTrue();
            scope.CompleteActions();
        }

        scope.State.Requests.Reset();
        var snapshots = await client.ListDropletSnapshotsAsync(SimulatorScope.BlogDroplet, Ct);
        var actions = await client.ListDropletActionsAsync(SimulatorScope.BlogDroplet, Ct);

        snapshots.Value!.Select(s => s.Name).Should().Equal("blog-0", "blog-1", "blog-2", "blog-3", "blog-4");
        actions.Value!.Should().HaveCount(5).And.OnlyContain(a => a.IsCompleted);
        scope.State.Requests.CountFor("list_droplet_snapshots").Should().Be(3);
        scope.State.Requests.CountFor("list_droplet_actions").Should().Be(3);
    }

    [Fact]
    public async Task Recent_actions_read_one_page_newest_first()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.SnapshotDropletAsync(SimulatorScope.BlogDroplet, $"b{i}", Ct)).Value!.Id);
            scope.CompleteActions();
        }

        scope.State.Requests.Reset();
        var recent = await client.ListRecentDropletActionsAsync(SimulatorScope.BlogDroplet, 2, Ct);

        recent.Value!.Select(a => a.Id).Should().Equal(ids[2], ids[1]);
        scope.State.Requests.CountFor("list_droplet_actions").Should().Be(1);
    }

    [Fact]
    public async Task Rebuild_from_the_droplets_own_snapshot_restores_its_data()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "before-upgrade", Ct);
        scope.CompleteActions();
        var snapshot = (await client.FindDropletSnapshotsByNameAsync(SimulatorScope.ShopDroplet, "before-upgrade", Ct)).Value!.Single();
        scope.State.SetDataVersion(SimulatorScope.ShopDroplet, "shop-v2");

        var rebuild = await client.RebuildDropletAsync(SimulatorScope.ShopDroplet, snapshot.ImageId!.Value, Ct);
        rebuild.Value!.Type.Should().Be("rebuild");
        rebuild.Value.IsInProgress.Should().BeTrue();
        scope.State.FindDroplet(SimulatorScope.ShopDroplet)!.DataVersion.Should().Be("shop-v2", "the rebuild has not finished");
        scope.CompleteActions();

        (await client.GetActionAsync(rebuild.Value.Id, Ct)).Value!.IsCompleted.Should().BeTrue();
        scope.State.FindDroplet(SimulatorScope.ShopDroplet)!.DataVersion.Should().Be("shop-v1");
    }

    [Fact]
    public async Task Rebuild_from_another_droplets_snapshot_is_an_invalid_request()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        await client.SnapshotDropletAsync(SimulatorScope.BlogDroplet, "blog-snap", Ct);
        scope.CompleteActions();
        var blogSnapshot = (await client.ListDropletSnapshotsAsync(SimulatorScope.BlogDroplet, Ct)).Value!.Single();

        var result = await client.RebuildDropletAsync(SimulatorScope.ShopDroplet, blogSnapshot.ImageId!.Value, Ct);
        var unknown = await client.RebuildDropletAsync(SimulatorScope.ShopDroplet, 999_999_999, Ct);

        result.Kind.Should().Be(DoResultKind.InvalidRequest);
        result.Error!.StatusCode.Should().Be(422);
        unknown.Kind.Should().Be(DoResultKind.InvalidRequest);
        scope.State.FindDroplet(SimulatorScope.ShopDroplet)!.DataVersion.Should().Be("shop-v1");
    }

    [Fact]
    public async Task An_errored_action_ends_errored_and_leaves_no_snapshot()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.ErroredAction, Count = 1 });
        var client = scope.ClientA();

        var action = await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "doomed", Ct);
        scope.CompleteActions();

        action.Kind.Should().Be(DoResultKind.Ok);
        (await client.GetActionAsync(action.Value!.Id, Ct)).Value!.IsErrored.Should().BeTrue();
        (await client.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value.Should().BeEmpty();
    }

    [Fact]
    public async Task A_pending_event_fault_is_PendingEvent()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "rebuild_droplet", Kind = FaultKind.PendingEvent, Count = 1 });

        var result = await scope.ClientA().RebuildDropletAsync(SimulatorScope.ShopDroplet, 1, Ct);

        result.Kind.Should().Be(DoResultKind.PendingEvent);
    }

    [Fact]
    public async Task Transient_errors_on_GET_are_retried_until_they_pass()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, StatusCode = 503, Count = 2 });
        scope.State.Faults.Add(new FaultRule { Operation = "get_account", Kind = FaultKind.DropConnection, Count = 1 });

        var droplet = await scope.ClientA().GetDropletAsync(SimulatorScope.ShopDroplet, Ct);
        var account = await scope.ClientA().GetAccountAsync(Ct);

        droplet.IsOk.Should().BeTrue();
        account.IsOk.Should().BeTrue();
        scope.State.Requests.Counts()["get_droplet"].ByStatus.Should().Equal(new Dictionary<int, int> { [503] = 2, [200] = 1 });
        scope.State.Requests.CountFor("get_account").Should().Be(2);
    }

    [Fact]
    public async Task Transient_errors_on_GET_give_up_after_the_retry_budget()
    {
        await using var scope = await SimulatorScope.StartAsync(client: o => o.MaxRetries = 3);
        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, StatusCode = 500 });

        var result = await scope.ClientA().GetDropletAsync(SimulatorScope.ShopDroplet, Ct);

        result.Kind.Should().Be(DoResultKind.Transient);
        result.Error!.StatusCode.Should().Be(500);
        result.Error.Id.Should().Be("server_error");
        scope.State.Requests.CountFor("get_droplet").Should().Be(4);
    }

    [Fact]
    public async Task A_429_on_GET_waits_and_retries()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "get_snapshot", Kind = FaultKind.RateLimit, RetryAfterSeconds = 0, Count = 1 });

        var result = await scope.ClientA().GetSnapshotAsync("12345", Ct);

        result.Kind.Should().Be(DoResultKind.NotFound, "the retry reached the API");
        scope.State.Requests.Counts()["get_snapshot"].ByStatus.Should().Equal(new Dictionary<int, int> { [429] = 1, [404] = 1 });
    }

    [Fact]
    public async Task A_429_on_a_snapshot_POST_is_RateLimited_and_not_retried()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.RateLimit, RetryAfterSeconds = 7, Count = 1 });

        var result = await scope.ClientA().SnapshotDropletAsync(SimulatorScope.ShopDroplet, "x", Ct);

        result.Kind.Should().Be(DoResultKind.RateLimited);
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        scope.State.Requests.CountFor("snapshot_droplet").Should().Be(1);
    }

    [Fact]
    public async Task DELETE_is_retried_and_a_404_after_a_lost_success_counts_as_done()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "s", Ct);
        scope.CompleteActions();
        var snapshot = (await client.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value!.Single();
        scope.State.Faults.Add(new FaultRule { Operation = "delete_snapshot", Kind = FaultKind.HttpError, AfterCommit = true, Count = 1 });

        var result = await client.DeleteSnapshotAsync(snapshot.Id, Ct);

        result.Value.Should().Be(SnapshotDeletion.AlreadyGone);
        scope.State.Requests.Counts()["delete_snapshot"].ByStatus.Should().Equal(new Dictionary<int, int> { [500] = 1, [404] = 1 });
        scope.State.ListSnapshotsOfToken(SimulatorScope.TokenA).Should().BeEmpty();
    }

    [Fact]
    public async Task Unreadable_ids_are_NotFound_and_bad_arguments_throw()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();

        (await client.GetSnapshotAsync("not-a-number", Ct)).Kind.Should().Be(DoResultKind.NotFound);
        (await client.GetActionAsync(1, Ct)).Kind.Should().Be(DoResultKind.NotFound);
        await client.Invoking(c => c.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "", Ct)).Should().ThrowAsync<ArgumentException>();
        await client.Invoking(c => c.ListRecentDropletActionsAsync(SimulatorScope.ShopDroplet, 201, Ct)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Caller_cancellation_throws()
    {
        await using var scope = await SimulatorScope.StartAsync();
        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.Slow, DelaySeconds = 600 });
        using var cts = new CancellationTokenSource();

        var call = scope.ClientA().GetDropletAsync(SimulatorScope.ShopDroplet, cts.Token);
        await Eventually.TrueAsync(() => scope.State.Requests.Delayed == 1, "the request is held by the simulator");
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Metrics_hooks_see_operations_codes_and_budget_with_an_opaque_label()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();

        await client.GetDropletAsync(SimulatorScope.ShopDroplet, Ct);
        await client.GetDropletAsync(SimulatorScope.CrmDroplet, Ct);

        scope.Metrics.Requests.Select(r => (r.Operation, r.StatusCode)).Should().Equal(("get_droplet", 200), ("get_droplet", 404));
        scope.Metrics.Remaining.Select(r => r.Remaining).Should().Equal(4999, 4998);
        scope.Metrics.Remaining.Should().OnlyContain(r => r.TokenLabel == client.TokenLabel);
        client.TokenLabel.Should().StartWith("tok-").And.NotContain(SimulatorScope.TokenA);
    }
}
