using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using static Backups.Operator.Rules.Tests.TestSupport.Times;

namespace Backups.Operator.Rules.Tests.Inventory;

public sealed class BackupRecordTests
{
    [Fact]
    public void From_reads_the_backup_object()
    {
        var status = new BackupStatus
        {
            Phase = BackupPhase.Available,
            CompletedAt = Utc("2026-11-25T03:07:00Z"),
            ExpiresAt = Utc("2027-02-23T03:00:00Z"),
            Reason = Reasons.Completed,
            SizeGigabytes = 12.5,
        };

        var record = BackupRecord.From("shop-20261125-0300", new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.FromHours(1)), deleting: false, new BackupSpec { PolicyName = "shop", Type = BackupType.Automatic }, status);

        record.Should().BeEquivalentTo(new BackupRecord
        {
            Name = "shop-20261125-0300",
            Type = BackupType.Automatic,
            Phase = BackupPhase.Available,
            CreatedAt = Utc("2026-11-25T03:00:00Z"),
            CompletedAt = Utc("2026-11-25T03:07:00Z"),
            ExpiresAt = Utc("2027-02-23T03:00:00Z"),
            Reason = Reasons.Completed,
            SizeGigabytes = 12.5,
        });
        record.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void From_defaults_to_manual_without_status()
    {
        var record = BackupRecord.From("b", Utc("2026-11-25T03:00:00Z"), deleting: true, new BackupSpec { PolicyName = "shop" }, status: null);

        record.Type.Should().Be(BackupType.Manual);
        record.Phase.Should().BeNull();
        record.IsDeleting.Should().BeTrue();
    }

    [Theory]
    // phase, deleting, reason -> available, creating, error, refused, countsTowardCap, protected
    [InlineData(null, false, null, false, true, false, false, true, true)]
    [InlineData(BackupPhase.Creating, false, null, false, true, false, false, true, true)]
    [InlineData(BackupPhase.Available, false, null, true, false, false, false, true, false)]
    [InlineData(BackupPhase.Restoring, false, null, true, false, false, false, true, true)]
    [InlineData(BackupPhase.Error, false, "Timeout", false, false, true, false, true, false)]
    [InlineData(BackupPhase.Error, false, "LimitReached", false, false, true, true, false, false)]
    [InlineData(BackupPhase.Error, false, "PlanNotEligible", false, false, true, true, false, false)]
    [InlineData(BackupPhase.Deleting, false, null, false, false, false, false, false, false)]
    [InlineData(BackupPhase.Available, true, null, false, false, false, false, false, false)]
    [InlineData(BackupPhase.Restoring, true, null, false, false, false, false, false, false)]
    public void States(BackupPhase? phase, bool deleting, string? reason, bool available, bool creating, bool error, bool refused, bool counts, bool isProtected)
    {
        var record = new BackupRecord { Name = "b", Type = BackupType.Manual, Phase = phase, Deleting = deleting, Reason = reason, CreatedAt = Utc("2026-11-25T03:00:00Z") };

        record.IsAvailable.Should().Be(available);
        record.IsCreating.Should().Be(creating);
        record.IsError.Should().Be(error);
        record.IsRefused.Should().Be(refused);
        record.CountsTowardCap.Should().Be(counts);
        record.IsProtected.Should().Be(isProtected);
    }

    [Fact]
    public void Oldest_first_orders_by_creation_then_name()
    {
        var t = Utc("2026-11-25T03:00:00Z");
        var records = new[]
        {
            new BackupRecord { Name = "c", Type = BackupType.Manual, CreatedAt = t },
            new BackupRecord { Name = "b", Type = BackupType.Manual, CreatedAt = t + TimeSpan.FromSeconds(1) },
            new BackupRecord { Name = "a", Type = BackupType.Manual, CreatedAt = t },
        };

        records.Order(BackupRecord.OldestFirst).Select(r => r.Name).Should().Equal("a", "c", "b");
    }
}
