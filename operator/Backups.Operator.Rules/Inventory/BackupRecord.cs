using Backups.Operator.Api;

namespace Backups.Operator.Rules.Inventory;

/// <summary>
/// What the rules need to know about one Backup of a policy. Build it with <see cref="From"/> from the object's
/// name, creation time, deletion timestamp, spec and status.
/// </summary>
public sealed record BackupRecord
{
    /// <summary>The Backup's name (unique within the policy's namespace).</summary>
    public required string Name { get; init; }

    /// <summary>Manual or Automatic.</summary>
    public required BackupType Type { get; init; }

    /// <summary>The phase; <see langword="null"/> while the Backup has not been reconciled yet (treated like Creating).</summary>
    public BackupPhase? Phase { get; init; }

    /// <summary>The object's <c>metadata.creationTimestamp</c>: "newer" and "older" compare this (then the name).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>status.completedAt</c>.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary><c>status.expiresAt</c>; when missing the rules use <see cref="CreatedAt"/> + <c>expireAfterDays</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The object has a deletion timestamp (or phase Deleting): it is already going and counts for nothing.</summary>
    public bool Deleting { get; init; }

    /// <summary><c>status.reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary><c>status.sizeGigabytes</c>.</summary>
    public double? SizeGigabytes { get; init; }

    /// <summary>Deleting, by timestamp or by phase.</summary>
    public bool IsDeleting => Deleting || Phase == BackupPhase.Deleting;

    /// <summary>
    /// A good backup: Available, or Restoring (a restore is reading it; it is still a good backup). Retention counts
    /// these toward N and "the newest Available backup" is the newest of these.
    /// </summary>
    public bool IsAvailable => !IsDeleting && Phase is BackupPhase.Available or BackupPhase.Restoring;

    /// <summary>Creating (or not reconciled yet): the rules never delete it.</summary>
    public bool IsCreating => !IsDeleting && Phase is null or BackupPhase.Creating;

    /// <summary>In phase Error.</summary>
    public bool IsError => !IsDeleting && Phase == BackupPhase.Error;

    /// <summary>
    /// Refused at admission (Error with reason <c>LimitReached</c> or <c>PlanNotEligible</c>): it never had a snapshot,
    /// so it does not count toward the 20-backup cap (otherwise each refused request would hold a slot).
    /// </summary>
    public bool IsRefused => IsError && Reason is Reasons.LimitReached or Reasons.PlanNotEligible;

    /// <summary>Whether it counts toward the 20-backup cap: any phase but Deleting, and not refused at admission.</summary>
    public bool CountsTowardCap => !IsDeleting && !IsRefused;

    /// <summary>Never deleted by retention, expiry or the cap while in this state: Creating (a snapshot may be in flight) or Restoring.</summary>
    public bool IsProtected => IsCreating || (!IsDeleting && Phase == BackupPhase.Restoring);

    /// <summary>The record of a Backup object.</summary>
    /// <param name="name">metadata.name.</param>
    /// <param name="createdAt">metadata.creationTimestamp.</param>
    /// <param name="deleting">Whether metadata.deletionTimestamp is set.</param>
    /// <param name="spec">The spec (type defaults to Manual).</param>
    /// <param name="status">The status, if any.</param>
    public static BackupRecord From(string name, DateTimeOffset createdAt, bool deleting, BackupSpec spec, BackupStatus? status)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(spec);
        return new BackupRecord
        {
            Name = name,
            Type = spec.Type ?? BackupType.Manual,
            Phase = status?.Phase,
            CreatedAt = createdAt.ToUniversalTime(),
            CompletedAt = status?.CompletedAt,
            ExpiresAt = status?.ExpiresAt,
            Deleting = deleting,
            Reason = status?.Reason,
            SizeGigabytes = status?.SizeGigabytes,
        };
    }

    /// <summary>Orders oldest first: by <see cref="CreatedAt"/>, then by <see cref="Name"/> (ordinal), so ties are deterministic.</summary>
    public static IComparer<BackupRecord> OldestFirst { get; } = Comparer<BackupRecord>.Create(static (a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Name, b.Name);
    });
}
