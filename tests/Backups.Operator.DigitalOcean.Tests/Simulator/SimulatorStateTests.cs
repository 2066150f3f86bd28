using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.State;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

public sealed class SimulatorStateTests
{
    private const string Token = "dop_v1_state_tests";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, 500, TimeSpan.Zero));
    private readonly SimulatorState _state;
    private readonly SimAccount _account;

    public SimulatorStateTests()
    {
        _state = new SimulatorState(new SimulatorOptions { SecondsPerGigabyte = 60, MinActionSeconds = 30 }, _time);
        _state.AddAccount(Token, "state@example.com");
        _state.AddDroplet(Token, new DropletSpec { Id = 10, Name = "app", DiskGigabytes = 80, UsedGigabytes = 5, DataVersion = "v1" });
        _state.AddDroplet(Token, new DropletSpec { Id = 11, Name = "tiny", DiskGigabytes = 25, UsedGigabytes = 0.1, DataVersion = "t1" });
        _account = _state.Authenticate(Token)!;
    }

    [Fact]
    public void A_snapshot_takes_used_GB_times_seconds_per_GB_and_appears_on_completion()
    {
        var action = _state.StartSnapshot(_account, 10, "snap", willError: false).Value!;

        action.DueAt.Should().Be(_time.GetUtcNow() + TimeSpan.FromSeconds(300));
        action.StartedAt.Should().Be(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), "timestamps have second precision");
        _state.FindDroplet(10)!.Locked.Should().BeTrue();

        _time.Advance(TimeSpan.FromSeconds(299));
        _state.FindAction(action.Id)!.Status.Should().Be("in-progress");
        _state.ListSnapshotsOfToken(Token).Should().BeEmpty();

        _time.Advance(TimeSpan.FromSeconds(1));
        var done = _state.FindAction(action.Id)!;
        done.Status.Should().Be("completed");
        var snapshot = _state.ListSnapshotsOfToken(Token).Single();
        snapshot.CreatedAt.Should().Be(action.StartedAt);
        snapshot.Id.Should().Be(done.CreatedSnapshotId);
        snapshot.SizeGigabytes.Should().Be(3.0, "5 GB used at the default 0.6 ratio");
        snapshot.MinDiskSize.Should().Be(80);
        _state.FindDroplet(10)!.Should().Match<SimulatedDroplet>(d => !d.Locked && d.SnapshotIds.Single() == snapshot.Id);
    }

    [Fact]
    public void A_small_disk_takes_the_minimum_duration()
    {
        var action = _state.StartSnapshot(_account, 11, null, willError: false).Value!;

        (action.DueAt - _time.GetUtcNow()).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void The_snapshot_holds_the_data_of_when_it_started()
    {
        _state.StartSnapshot(_account, 10, "snap", willError: false);
        _state.SetDataVersion(10, "v2");
        _time.Advance(TimeSpan.FromMinutes(5));

        _state.ListSnapshotsOfToken(Token).Single().DataVersion.Should().Be("v1");
        _state.FindDroplet(10)!.DataVersion.Should().Be("v2");
    }

    [Fact]
    public void A_busy_droplet_answers_pending_event_and_others_are_free()
    {
        _state.StartSnapshot(_account, 10, "a", willError: false);

        _state.StartSnapshot(_account, 10, "b", willError: false).Error.Should().Be(ApiError.PendingEvent);
        _state.StartRebuild(_account, 10, 1, willError: false).Error.Should().Be(ApiError.PendingEvent);
        _state.StartSnapshot(_account, 11, "c", willError: false).Error.Should().BeNull();
    }

    [Fact]
    public void An_unnamed_snapshot_is_named_after_the_droplet_and_the_time()
    {
        _state.StartSnapshot(_account, 11, null, willError: false);
        _time.Advance(TimeSpan.FromMinutes(1));

        _state.ListSnapshotsOfToken(Token).Single().Name.Should().Be($"tiny-{new DateTimeOffset(2026, 11, 25, 3, 0, 0, 500, TimeSpan.Zero).ToUnixTimeMilliseconds()}");
    }

    [Fact]
    public void An_errored_snapshot_leaves_nothing_and_unlocks()
    {
        var action = _state.StartSnapshot(_account, 10, "x", willError: true).Value!;
        _time.Advance(TimeSpan.FromHours(1));

        _state.FindAction(action.Id)!.Status.Should().Be("errored");
        _state.ListSnapshotsOfToken(Token).Should().BeEmpty();
        _state.FindDroplet(10)!.Locked.Should().BeFalse();
    }

    [Fact]
    public void Rebuild_restores_the_snapshots_data_and_only_from_the_same_droplet()
    {
        _state.StartSnapshot(_account, 10, "app-snap", willError: false);
        _state.StartSnapshot(_account, 11, "tiny-snap", willError: false);
        _time.Advance(TimeSpan.FromHours(1));
        var snapshots = _state.ListSnapshotsOfToken(Token);
        var appSnap = snapshots.Single(s => s.Name == "app-snap");
        var tinySnap = snapshots.Single(s => s.Name == "tiny-snap");
        _state.SetDataVersion(10, "v2");

        _state.StartRebuild(_account, 10, tinySnap.Id, willError: false).Error!.StatusCode.Should().Be(422);
        _state.StartRebuild(_account, 10, 424242, willError: false).Error!.StatusCode.Should().Be(422);
        var rebuild = _state.StartRebuild(_account, 10, appSnap.Id, willError: false).Value!;
        rebuild.ImageId.Should().Be(appSnap.Id);
        _time.Advance(TimeSpan.FromHours(1));

        _state.FindDroplet(10)!.DataVersion.Should().Be("v1");
    }

    [Fact]
    public void Another_account_sees_nothing()
    {
        _state.AddAccount("dop_v1_other");
        var other = _state.Authenticate("dop_v1_other")!;
        _state.StartSnapshot(_account, 10, "mine", willError: false);
        _time.Advance(TimeSpan.FromHours(1));
        var snapshot = _state.ListSnapshotsOfToken(Token).Single();

        _state.GetDroplet(other, 10).Error.Should().Be(ApiError.NotFound);
        _state.StartSnapshot(other, 10, "theirs", willError: false).Error.Should().Be(ApiError.NotFound);
        _state.GetSnapshot(other, snapshot.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Error.Should().Be(ApiError.NotFound);
        _state.DeleteSnapshot(other, snapshot.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Should().Be(ApiError.NotFound);
        _state.ListSnapshots(other).Should().BeEmpty();
        _state.ListActions(other).Should().BeEmpty();
        _state.Authenticate("dop_v1_nobody").Should().BeNull();
    }

    [Fact]
    public void Delete_removes_the_snapshot_then_404s()
    {
        _state.StartSnapshot(_account, 10, "s", willError: false);
        _time.Advance(TimeSpan.FromHours(1));
        var id = _state.ListSnapshotsOfToken(Token).Single().Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        _state.DeleteSnapshot(_account, id).Should().BeNull();
        _state.DeleteSnapshot(_account, id).Should().Be(ApiError.NotFound);
        _state.FindDroplet(10)!.SnapshotIds.Should().BeEmpty();
    }

    [Fact]
    public void Admin_guards_reject_bad_input()
    {
        FluentActions.Invoking(() => _state.AddAccount(Token)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => _state.AddAccount(" ")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => _state.AddDroplet("dop_v1_unknown", new DropletSpec { Name = "x" })).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => _state.AddDroplet(Token, new DropletSpec { Id = 10, Name = "dup" })).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => _state.AddDroplet(Token, new DropletSpec { Name = "full", DiskGigabytes = 10, UsedGigabytes = 11 })).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => _state.SetDataVersion(999)).Should().Throw<KeyNotFoundException>();
        _state.SetDataVersion(10).Should().StartWith("dv-").And.NotBe("v1");
    }

    [Fact]
    public void NextActionDueAt_tells_tests_how_far_to_advance()
    {
        _state.NextActionDueAt().Should().BeNull();
        var action = _state.StartSnapshot(_account, 10, "s", willError: false).Value!;

        _state.NextActionDueAt().Should().Be(action.DueAt);
    }

    [Fact]
    public void Faults_are_state_that_tests_can_drive()
    {
        var rule = _state.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, Count = 1 });

        _state.Faults.List().Should().ContainSingle().Which.Id.Should().Be(rule.Id);
        _state.Faults.Remove(rule.Id).Should().BeTrue();
        _state.Faults.List().Should().BeEmpty();
    }
}
