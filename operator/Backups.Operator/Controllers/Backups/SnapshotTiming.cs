using Backups.Operator.Api;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// When to look at a snapshot again. Polls are timed from the expected duration — learned per droplet from earlier
/// backups (startedAt → completedAt), else from the droplet's disk size — and back off once the snapshot is overdue,
/// instead of polling at a fixed short interval. Pure functions; every delay is at least <see cref="MinDelay"/>.
/// </summary>
public static class SnapshotTiming
{
    /// <summary>The shortest delay between two looks at DigitalOcean.</summary>
    public static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two polls of an overdue snapshot, unless a quarter of the expected duration is longer.</summary>
    public static readonly TimeSpan MaxPollDelay = TimeSpan.FromMinutes(5);

    /// <summary>Without history or disk size.</summary>
    public static readonly TimeSpan DefaultExpected = TimeSpan.FromMinutes(5);

    /// <summary>The default of <c>Backups:FirstPollSecondsPerDiskGigabyte</c>: assumed seconds per GB of allocated disk
    /// before anything was learned about a droplet (DigitalOcean: ~60 s per GB used; disks are rarely full).</summary>
    public const double SecondsPerAllocatedGigabyte = 20;

    /// <summary>How many recent completed backups of the droplet the estimate learns from.</summary>
    public const int HistorySize = 5;

    /// <summary>
    /// The expected snapshot duration: the median of the last <see cref="HistorySize"/> completed backups of the droplet,
    /// else <paramref name="diskGigabytes"/> × <paramref name="secondsPerDiskGigabyte"/> (default <see cref="SecondsPerAllocatedGigabyte"/>),
    /// else <see cref="DefaultExpected"/>; clamped to 10 s .. 2 h.
    /// </summary>
    public static TimeSpan Expected(IEnumerable<Backup> backupsOfDroplet, int? diskGigabytes, double secondsPerDiskGigabyte = SecondsPerAllocatedGigabyte)
    {
        var learned = backupsOfDroplet
            .Where(static b => b.Status is { StartedAt: not null, CompletedAt: not null } s && s.CompletedAt > s.StartedAt)
            .OrderByDescending(static b => b.Status.CompletedAt)
            .Take(HistorySize)
            .Select(static b => b.Status.CompletedAt!.Value - b.Status.StartedAt!.Value)
            .Order()
            .ToList();

        TimeSpan expected;
        if (learned.Count > 0)
        {
            expected = learned[learned.Count / 2];
        }
        else if (diskGigabytes is > 0 and var disk)
        {
            expected = TimeSpan.FromSeconds(disk * secondsPerDiskGigabyte);
        }
        else
        {
            expected = DefaultExpected;
        }

        return Clamp(expected, TimeSpan.FromSeconds(10), TimeSpan.FromHours(2));
    }

    /// <summary>
    /// The delay before the next look at an in-progress snapshot that started <paramref name="elapsed"/> ago: until just
    /// after the expected end first (<see cref="Margin"/>; however long that is, so a 60-minute snapshot with history costs
    /// one poll), then half of how overdue it is (at least a quarter of the expected duration), capped at the larger of
    /// <see cref="MaxPollDelay"/> and a quarter of the expected duration. Never past the Slow or Timeout boundary so those
    /// are reported on time (a wake before the expected end makes no DigitalOcean call: <see cref="IsEarly"/>).
    /// </summary>
    public static TimeSpan NextPoll(TimeSpan elapsed, TimeSpan expected, TimeSpan slowAfter, TimeSpan timeout)
    {
        var delay = elapsed < expected
            ? Max(expected - elapsed + Margin(expected), MinDelay)
            : Clamp(Max(expected / 4, (elapsed - expected) / 2), MinDelay, Max(MaxPollDelay, expected / 4));
        foreach (var boundary in (ReadOnlySpan<TimeSpan>)[slowAfter, timeout])
        {
            if (elapsed < boundary && boundary - elapsed < delay)
            {
                delay = boundary - elapsed;
            }
        }

        return Max(delay, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Whether a poll now would be early: before the expected end. A reconcile woken then (an unrelated event, the Slow
    /// boundary) makes no DigitalOcean call.
    /// </summary>
    public static bool IsEarly(TimeSpan elapsed, TimeSpan expected) => elapsed < expected;

    /// <summary>A small allowance after the expected end (5 %, at least 1 s), so the first poll finds it done.</summary>
    public static TimeSpan Margin(TimeSpan expected) => Max(TimeSpan.FromSeconds(1), expected / 20);

    /// <summary>
    /// The delay while waiting for a busy droplet (422 pending event, locked, a restore): a quarter of how long the backup
    /// has waited, between 10 s and 2 min.
    /// </summary>
    public static TimeSpan QueueRetry(TimeSpan waited) => Clamp(waited / 4, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2));

    /// <summary>The backoff after a failed snapshot delete that first failed <paramref name="failingFor"/> ago: 15 s .. 10 min.</summary>
    public static TimeSpan DeletionRetry(TimeSpan failingFor) => Clamp(failingFor, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10));

    /// <summary>How often a timed-out snapshot action is still looked at, to adopt a late snapshot: 1 .. 30 min.</summary>
    public static TimeSpan LatePoll(TimeSpan elapsed) => Clamp(elapsed / 6, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
