using Backups.Operator.Api;
using Backups.Operator.Cli.Formatting;

namespace Backups.Operator.Cli.Waiting;

/// <summary>The live progress line of <c>--wait</c>, for a backup and for a restore.</summary>
public static class ProgressText
{
    /// <summary>A snapshot usually takes this long; the card says so while it runs.</summary>
    public const string BackupExpectation = "a backup usually takes 2–10 minutes";

    /// <summary>After this long the operator marks a backup Slow, and the line says something is wrong.</summary>
    public static readonly TimeSpan SlowAfter = TimeSpan.FromMinutes(20);

    /// <summary>The line for a backup in the phase of <paramref name="status"/> after <paramref name="elapsed"/>.</summary>
    public static string Backup(string name, BackupStatus? status, TimeSpan elapsed)
    {
        var clock = Humanize.Clock(elapsed);
        return status?.Phase switch
        {
            null => $"Pending… {clock} elapsed: waiting for the operator to pick up {name}",
            BackupPhase.Creating when elapsed >= SlowAfter =>
                $"Creating… {clock} elapsed: over 20 minutes, something is wrong; see kubectl backup describe {name}",
            BackupPhase.Creating => $"Creating… {clock} elapsed ({BackupExpectation})",
            BackupPhase.Available => $"Available after {clock}" + (status.SizeGigabytes is { } size ? $" ({Humanize.Size(size)})" : string.Empty),
            BackupPhase.Error => $"Error after {clock}: {status.Reason}: {status.Message}",
            var phase => $"{phase} after {clock}",
        };
    }

    /// <summary>Whether a backup's wait is over.</summary>
    public static bool BackupDone(BackupStatus? status) => status?.Phase is BackupPhase.Available or BackupPhase.Error or BackupPhase.Deleting;

    /// <summary>The line for a restore.</summary>
    public static string Restore(BackupRestoreStatus? status, long dropletId, TimeSpan elapsed)
    {
        var clock = Humanize.Clock(elapsed);
        return status?.Phase switch
        {
            null => $"Pending… {clock} elapsed: waiting for the operator",
            RestorePhase.Pending => $"Pending… {clock} elapsed: waiting for droplet {dropletId} to be free",
            RestorePhase.BackingUp => $"BackingUp… {clock} elapsed: taking the safety backup {status.SafetyBackupName}",
            RestorePhase.Restoring => $"Restoring… {clock} elapsed: rebuilding droplet {dropletId} from the backup",
            RestorePhase.Succeeded => $"Succeeded after {clock}: droplet {dropletId} runs on the backup's data",
            RestorePhase.Failed => $"Failed after {clock}: {status.Reason}: {status.Message}",
            var phase => $"{phase} after {clock}",
        };
    }

    /// <summary>The line for a verification.</summary>
    public static string Verification(BackupVerificationStatus? status, TimeSpan elapsed)
    {
        var clock = Humanize.Clock(elapsed);
        return status?.Phase switch
        {
            null => $"Pending… {clock} elapsed: waiting for the operator",
            VerificationPhase.Pending => $"Pending… {clock} elapsed: {status.Message}",
            VerificationPhase.Creating => $"Creating… {clock} elapsed: requesting the temporary droplet {status.DropletName}",
            VerificationPhase.Booting => $"Booting… {clock} elapsed: droplet {status.DropletId} is booting from the snapshot",
            VerificationPhase.Probing => $"Probing… {clock} elapsed: {status.Message}",
            VerificationPhase.Passed => $"Passed after {clock}: {status.Message}",
            VerificationPhase.Failed => $"Failed after {clock}: {status.Reason}: {status.Message}",
            var phase => $"{phase} after {clock}",
        };
    }

    /// <summary>Whether a verification's wait is over (its droplet destroyed too, when it had one).</summary>
    public static bool VerificationDone(BackupVerificationStatus? status) =>
        status?.Phase is VerificationPhase.Passed or VerificationPhase.Failed && status.CleanedUp != false;

    /// <summary>Whether a restore's wait is over.</summary>
    public static bool RestoreDone(BackupRestoreStatus? status) => status?.Phase is RestorePhase.Succeeded or RestorePhase.Failed;
}
