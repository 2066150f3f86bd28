using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using static Backups.Operator.Rules.Tests.TestSupport.Records;

namespace Backups.Operator.Rules.Tests.Inventory;

public sealed class BackupInventoryTests
{
    [Fact]
    public void Counts_by_type_and_phase_for_the_policy_status()
    {
        var backups = new List<BackupRecord>
        {
            Auto("a1", 1) with { SizeGigabytes = 20.25 },
            Auto("a2", 2, BackupPhase.Restoring) with { SizeGigabytes = 20 },
            Auto("a3", 0.1, BackupPhase.Creating),
            Auto("a4", 0.2, phase: null),
            Auto("a5", 3, BackupPhase.Error),
            Manual("m1", 0.5) with { SizeGigabytes = 30 },
            Manual("m2", 4, BackupPhase.Error) with { Reason = Reasons.LimitReached },
            Manual("m3", 5, BackupPhase.Deleting) with { SizeGigabytes = 99 },
            Manual("m4", 6) with { Deleting = true, SizeGigabytes = 99 },
        };

        var inventory = BackupInventory.Of(backups);

        inventory.Counts.Should().BeEquivalentTo(new BackupCounts
        {
            Automatic = 5,
            Manual = 2,
            Available = 3,
            Creating = 2,
            Error = 2,
            Total = 6,
        });
        inventory.TotalSizeGigabytes.Should().Be(70.25);
        inventory.LastSuccessful!.Name.Should().Be("m1");
        inventory.LastSuccessful.Time.Should().Be(backups[5].CompletedAt);
    }

    [Fact]
    public void Nothing_to_count()
    {
        var inventory = BackupInventory.Of([]);

        inventory.Counts.Should().BeEquivalentTo(new BackupCounts());
        inventory.TotalSizeGigabytes.Should().Be(0);
        inventory.LastSuccessful.Should().BeNull();
    }

    [Fact]
    public void Last_successful_falls_back_to_the_creation_time_without_completed_at()
    {
        var backup = Auto("a", 1) with { CompletedAt = null };

        BackupInventory.Of([backup]).LastSuccessful!.Time.Should().Be(backup.CreatedAt);
    }
}
