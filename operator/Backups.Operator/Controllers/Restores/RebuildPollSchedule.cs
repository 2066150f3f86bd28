using Backups.Operator.Api;

namespace Backups.Operator.Controllers.Restores;

/// <summary>
/// When to look at a rebuild action again, timed by how long it is expected to take instead of a fixed short interval:
/// a rebuild writes the snapshot's data back, so it takes about as long as the snapshot took to make. The first poll
/// lands at the expected end; an overdue rebuild is polled every quarter of the expected duration (5 s .. 2 min).
/// </summary>
public static class RebuildPollSchedule
{
    /// <summary>The shortest expected duration (and poll delay).</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two polls of an overdue rebuild.</summary>
    public static readonly TimeSpan MaximumPoll = TimeSpan.FromMinutes(2);

    /// <summary>The expectation when nothing is known about the backup.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Seconds a rebuild takes per GB of snapshot: DigitalOcean writes about 1 GB of used disk per minute and a
    /// snapshot's billable size is its compressed size (about 0.6 of the used disk).
    /// </summary>
    public const double SecondsPerSnapshotGigabyte = 100;

    /// <summary>
    /// How long rebuilding from the backup's snapshot should take: as long as the snapshot took
    /// (<c>completedAt - startedAt</c>), else estimated from its size, else <see cref="Default"/>.
    /// </summary>
    public static TimeSpan ExpectedDuration(BackupStatus? backup)
    {
        if (backup?.StartedAt is { } started && backup.CompletedAt is { } completed && completed > started)
        {
            return Max(completed - started, Minimum);
        }

        if (backup?.SizeGigabytes is { } size && double.IsFinite(size) && size > 0)
        {
            return Max(TimeSpan.FromSeconds(size * SecondsPerSnapshotGigabyte), Minimum);
        }

        return Default;
    }

    /// <summary>The delay before the next poll of a rebuild running for <paramref name="elapsed"/>.</summary>
    public static TimeSpan NextPoll(TimeSpan expected, TimeSpan elapsed)
    {
        expected = Max(expected, Minimum);
        if (elapsed < expected)
        {
            return Max(expected - elapsed, Minimum);
        }

        var quarter = expected / 4;
        return quarter < Minimum ? Minimum : quarter > MaximumPoll ? MaximumPoll : quarter;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
