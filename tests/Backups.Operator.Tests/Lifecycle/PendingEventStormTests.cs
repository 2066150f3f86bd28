using Backups.Operator.Api;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Lifecycle;

public sealed class PendingEventStormTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_storm_of_422_pending_event_keeps_the_backup_Queued_then_makes_one_snapshot()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await harness.CreatePolicyAsync(ns, "shop");
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.PendingEvent, Count = 12 });

        await harness.CreateBackupAsync(ns, "manual-1", "shop");
        var queued = await harness.AdvanceUntilBackupAsync(
            ns,
            "manual-1",
            b => b.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Reason == Reasons.Queued) == true,
            because: "the backup to wait in Creating with reason Queued");
        queued.Status.Phase.Should().Be(BackupPhase.Creating);

        var backup = await harness.AdvanceUntilBackupAsync(ns, "manual-1", LifecycleSteps.IsAvailable, max: TimeSpan.FromHours(3));

        backup.Status.Phase.Should().Be(BackupPhase.Available);
        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle();
        var posts = harness.SimulatorState.Requests.Counts()["snapshot_droplet"];
        posts.ByStatus.GetValueOrDefault(422).Should().Be(12);
        posts.ByStatus.GetValueOrDefault(201).Should().Be(1);
        harness.TotalRequests.Should().BeLessThan(200, "waiting must back off, not hammer the API");
    }
}
