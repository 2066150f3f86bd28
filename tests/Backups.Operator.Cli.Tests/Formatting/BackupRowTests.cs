using Backups.Operator.Api;
using Backups.Operator.Cli.Formatting;
using Backups.Operator.Cli.Tests.TestSupport;

namespace Backups.Operator.Cli.Tests.Formatting;

public sealed class BackupRowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_available_backup_shows_its_completion_date_size_and_expiry()
    {
        var api = new FakeBackupsApi();
        var row = BackupRow.From(api.AddBackup("shop-1", "shop", BackupPhase.Available), Now);

        row.Cells(wide: false).Should().Equal("shop-1", "Available", "Manual", "2026-12-01 03:04", "0.80 GB", "in 88d");
        row.Cells(wide: true).Skip(6).Should().Equal("shop", "3164444", "1001", "Delete", "");
    }

    [Fact]
    public void An_error_row_carries_its_reason_and_the_wide_row_its_message()
    {
        var api = new FakeBackupsApi();
        var row = BackupRow.From(api.AddBackup("shop-21", "shop", BackupPhase.Error, reason: Reasons.LimitReached, message: Reasons.LimitReachedMessage), Now);

        row.Status.Should().Be("Error (LimitReached)");
        row.Cells(wide: true)[^1].Should().Be(Reasons.LimitReachedMessage);
        row.Size.Should().Be("-");
    }

    [Fact]
    public void A_backup_the_operator_has_not_seen_is_pending_and_one_being_deleted_says_so()
    {
        var api = new FakeBackupsApi();
        BackupRow.From(api.AddBackup("new", "shop", phase: null), Now).Status.Should().Be("Pending");
        var going = api.AddBackup("going", "shop", BackupPhase.Available);
        going.Metadata.DeletionTimestamp = Now.UtcDateTime;
        BackupRow.From(going, Now).Status.Should().Be("Deleting");
    }
}
