using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Backups.Operator.Simulator.Faults;
using Xunit.Abstractions;

namespace Backups.Operator.DigitalOcean.Tests.Measurements;

/// <summary>
/// Measures (and prints) how many API requests the client makes to see one snapshot through — verify droplet, POST,
/// poll the action until it completes, find the snapshot by name — under three polling schedules, counted by the
/// simulator's request log. A 6 GB-used droplet at 60 s/GB: the action takes 360 s.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class SnapshotRequestCountMeasurement(ITestOutputHelper output)
{
    public static TheoryData<string, int[]> Schedules => new()
    {
        { "fixed 5 s (doctl)", [5] },
        { "fixed 30 s", [30] },
        { "doubling 30 s -> 120 s cap", [30, 60, 120] },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public async Task Requests_to_see_one_snapshot_through(string schedule, int[] intervals)
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var (requests, polls) = await SnapshotThroughAsync(scope, client, intervals, "measure-1");

        output.WriteLine($"[{schedule}] requests={requests} (get_action polls={polls}) by operation: {Describe(scope)}");
        requests.Should().Be(3 + polls, "one GET droplet, one POST, the polls and one page of snapshots");
    }

    [Fact]
    public async Task Requests_with_ten_percent_transient_errors()
    {
        await using var scope = await SimulatorScope.StartAsync(simulator: o => o.RandomSeed = 3);
        scope.State.Faults.Add(new FaultRule { Operation = "get_action", Kind = FaultKind.HttpError, StatusCode = 503, Probability = 0.1 });
        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, StatusCode = 503, Probability = 0.1 });
        scope.State.Faults.Add(new FaultRule { Operation = "list_droplet_snapshots", Kind = FaultKind.HttpError, StatusCode = 503, Probability = 0.1 });
        var client = scope.ClientA();
        var total = 0;
        const int Snapshots = 20;
        for (var i = 0; i < Snapshots; i++)
        {
            total += (await SnapshotThroughAsync(scope, client, [30, 60, 120], $"measure-{i}")).Requests;
        }

        output.WriteLine($"[10% 503 on GETs, doubling schedule] {Snapshots} snapshots: {total} requests, {total / (double)Snapshots:0.0} per snapshot; by operation: {Describe(scope)}");
        scope.State.ListSnapshotsOfToken(SimulatorScope.TokenA).Should().HaveCount(Snapshots, "retries never duplicate a snapshot");
    }

    private static async Task<(int Requests, int Polls)> SnapshotThroughAsync(SimulatorScope scope, IDigitalOceanClient client, int[] intervals, string name)
    {
        var before = scope.State.Requests.Total;
        (await client.GetDropletAsync(SimulatorScope.ShopDroplet, CancellationToken.None)).IsOk.Should().BeTrue();
        var action = (await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, name, CancellationToken.None)).Value!;
        var polls = 0;
        for (var i = 0; ; i++)
        {
            scope.Time.Advance(TimeSpan.FromSeconds(intervals[Math.Min(i, intervals.Length - 1)]));
            polls++;
            var current = await client.GetActionAsync(action.Id, CancellationToken.None);
            if (current.IsOk && !current.Value.IsInProgress)
            {
                current.Value.IsCompleted.Should().BeTrue();
                break;
            }
        }

        (await client.FindDropletSnapshotsByNameAsync(SimulatorScope.ShopDroplet, name, CancellationToken.None)).Value.Should().ContainSingle();
        return (scope.State.Requests.Total - before, polls);
    }

    private static string Describe(SimulatorScope scope) =>
        string.Join(", ", scope.State.Requests.Counts().OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value.Total}"));
}
