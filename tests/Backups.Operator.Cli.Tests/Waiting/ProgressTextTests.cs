using Backups.Operator.Api;
using Backups.Operator.Cli.Waiting;

namespace Backups.Operator.Cli.Tests.Waiting;

public sealed class ProgressTextTests
{
    [Fact]
    public void A_creating_backup_shows_the_elapsed_time_and_the_2_to_10_minute_expectation() =>
        ProgressText.Backup("shop-1", new BackupStatus { Phase = BackupPhase.Creating }, TimeSpan.FromSeconds(42))
            .Should().Be("Creating… 0:42 elapsed (a backup usually takes 2–10 minutes)");

    [Fact]
    public void After_20_minutes_the_line_says_something_is_wrong() =>
        ProgressText.Backup("shop-1", new BackupStatus { Phase = BackupPhase.Creating }, TimeSpan.FromMinutes(20))
            .Should().Be("Creating… 20:00 elapsed: over 20 minutes, something is wrong; see kubectl backup describe shop-1");

    [Fact]
    public void The_end_of_a_backup_shows_its_size_or_its_reason()
    {
        ProgressText.Backup("b", new BackupStatus { Phase = BackupPhase.Available, SizeGigabytes = 0.8 }, TimeSpan.FromSeconds(65))
            .Should().Be("Available after 1:05 (0.80 GB)");
        ProgressText.Backup("b", new BackupStatus { Phase = BackupPhase.Error, Reason = "DropletNotFound", Message = "gone" }, TimeSpan.FromSeconds(3))
            .Should().Be("Error after 0:03: DropletNotFound: gone");
        ProgressText.BackupDone(new BackupStatus { Phase = BackupPhase.Creating }).Should().BeFalse();
        ProgressText.BackupDone(null).Should().BeFalse();
    }

    [Fact]
    public void A_restore_goes_through_backing_up_restoring_and_succeeded()
    {
        ProgressText.Restore(new BackupRestoreStatus { Phase = RestorePhase.BackingUp, SafetyBackupName = "r-pre-restore" }, 7, TimeSpan.FromSeconds(5))
            .Should().Be("BackingUp… 0:05 elapsed: taking the safety backup r-pre-restore");
        ProgressText.Restore(new BackupRestoreStatus { Phase = RestorePhase.Restoring }, 7, TimeSpan.FromSeconds(65))
            .Should().Be("Restoring… 1:05 elapsed: rebuilding droplet 7 from the backup");
        ProgressText.Restore(new BackupRestoreStatus { Phase = RestorePhase.Succeeded }, 7, TimeSpan.FromSeconds(90))
            .Should().Be("Succeeded after 1:30: droplet 7 runs on the backup's data");
        ProgressText.RestoreDone(new BackupRestoreStatus { Phase = RestorePhase.Failed }).Should().BeTrue();
    }
}
