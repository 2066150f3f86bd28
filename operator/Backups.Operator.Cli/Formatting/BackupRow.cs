using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;

namespace Backups.Operator.Cli.Formatting;

/// <summary>One line of <c>kubectl backup list</c>: the card's columns (name, status, type, date, size, expiry) and the wide ones.</summary>
public sealed record BackupRow
{
    public required string Name { get; init; }

    /// <summary>The phase, <c>Pending</c> before the operator has seen it, and the reason on Error rows: <c>Error (LimitReached)</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The bare phase, for colouring.</summary>
    public BackupPhase? Phase { get; init; }

    public required string Type { get; init; }

    public required string Date { get; init; }

    public required string Size { get; init; }

    public required string Expires { get; init; }

    public required string Policy { get; init; }

    public required string Droplet { get; init; }

    public required string SnapshotId { get; init; }

    public required string DeletionPolicy { get; init; }

    public required string Message { get; init; }

    /// <summary>When the backup was made (completion, else start, else creation): the list is sorted on it, newest first.</summary>
    public DateTimeOffset? SortTime { get; init; }

    /// <summary>The row of one Backup at <paramref name="now"/>.</summary>
    public static BackupRow From(BackupResource backup, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var status = backup.Status;
        var phase = status?.Phase;
        var when = status?.CompletedAt ?? status?.StartedAt ?? backup.CreatedAt;
        var deleting = backup.Metadata.DeletionTimestamp is not null;
        return new BackupRow
        {
            Name = backup.Name,
            Phase = deleting ? BackupPhase.Deleting : phase,
            Status = deleting ? nameof(BackupPhase.Deleting)
                : phase is null ? "Pending"
                : phase == BackupPhase.Error && !string.IsNullOrEmpty(status?.Reason) ? $"Error ({status.Reason})"
                : phase.Value.ToString(),
            Type = (backup.Spec.Type ?? BackupType.Manual).ToString(),
            Date = when is { } w ? w.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "-",
            Size = Humanize.Size(status?.SizeGigabytes),
            Expires = status?.ExpiresAt is { } expires ? (expires > now ? "in " + Humanize.Duration(expires - now) : "due") : "-",
            Policy = backup.Spec.PolicyName,
            Droplet = status?.DropletId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            SnapshotId = string.IsNullOrEmpty(status?.SnapshotId) ? "-" : status.SnapshotId,
            DeletionPolicy = (status?.DeletionPolicy ?? backup.Spec.DeletionPolicy)?.ToString() ?? "-",
            Message = phase == BackupPhase.Error || phase == BackupPhase.Creating ? status?.Message ?? string.Empty : string.Empty,
            SortTime = when,
        };
    }

    /// <summary>The column headers of the table (and of <c>-o wide</c>).</summary>
    public static IReadOnlyList<string> Headers(bool wide) =>
        wide
            ? ["NAME", "STATUS", "TYPE", "DATE (UTC)", "SIZE", "EXPIRES", "POLICY", "DROPLET", "SNAPSHOT ID", "DELETION", "MESSAGE"]
            : ["NAME", "STATUS", "TYPE", "DATE (UTC)", "SIZE", "EXPIRES"];

    /// <summary>The cells in the order of <see cref="Headers"/>.</summary>
    public IReadOnlyList<string> Cells(bool wide) =>
        wide
            ? [Name, Status, Type, Date, Size, Expires, Policy, Droplet, SnapshotId, DeletionPolicy, Message]
            : [Name, Status, Type, Date, Size, Expires];
}
