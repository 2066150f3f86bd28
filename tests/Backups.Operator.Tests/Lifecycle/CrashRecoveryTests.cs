using Backups.Operator.Simulator.Faults;
using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Lifecycle;

public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_operator_killed_between_the_snapshot_POST_and_the_status_write_makes_exactly_one_snapshot()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await harness.CreatePolicyAsync(ns, "shop");

        // The POST takes effect in DigitalOcean but its response never arrives (held on the fake clock, which stays still).
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.Slow, DelaySeconds = 3600, AfterCommit = true, Count = 1 });
        await harness.CreateBackupAsync(ns, "manual-1", "shop");
        await harness.WaitForAsync(
            _ => Task.FromResult(harness.SimulatorState.ListActionsOfDroplet(harness.DropletId).Any(a => a.Type == "snapshot")),
            because: "the snapshot action to exist in DigitalOcean");
        var before = await harness.Backups.GetAsync(ns, "manual-1", CancellationToken.None);
        before!.Status?.ActionId.Should().BeNull("the action id was never written");

        await harness.StopOperatorAsync(kill: true);
        harness.SimulatorState.Faults.Clear();
        await harness.StartOperatorAsync();

        var backup = await harness.AdvanceUntilBackupAsync(ns, "manual-1", LifecycleSteps.IsAvailable);
        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle()
            .Which.Id.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(backup.Status.SnapshotId);
        harness.SimulatorState.ListActionsOfDroplet(harness.DropletId).Count(a => a.Type == "snapshot").Should().Be(1);
    }
}
