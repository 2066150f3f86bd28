using Backups.Operator.Api;
using Backups.Operator.Controllers.Backups;
using Backups.Operator.Resources;

namespace Backups.Operator.Tests.Backups;

public sealed class SnapshotTimingTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(60);
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static Backup Completed(TimeSpan took, int ageDays) => new()
    {
        Status = new BackupStatus { StartedAt = T0.AddDays(-ageDays), CompletedAt = T0.AddDays(-ageDays) + took },
    };

    [Fact]
    public void Expected_duration_is_the_median_of_the_droplets_recent_backups()
    {
        var history = new[] { Completed(TimeSpan.FromMinutes(4), 1), Completed(TimeSpan.FromMinutes(9), 2), Completed(TimeSpan.FromMinutes(5), 3) };

        SnapshotTiming.Expected(history, diskGigabytes: 500).Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Expected_duration_learns_only_from_the_last_five_backups()
    {
        var history = Enumerable.Range(1, 5).Select(d => Completed(TimeSpan.FromMinutes(3), d))
            .Concat(Enumerable.Range(6, 10).Select(d => Completed(TimeSpan.FromMinutes(30), d)));

        SnapshotTiming.Expected(history, null).Should().Be(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void The_seconds_per_disk_GB_of_the_first_estimate_is_a_setting_and_history_still_wins()
    {
        SnapshotTiming.Expected([], diskGigabytes: 80, secondsPerDiskGigabyte: 0.5).Should().Be(TimeSpan.FromSeconds(40));
        SnapshotTiming.Expected([Completed(TimeSpan.FromMinutes(7), 1)], diskGigabytes: 80, secondsPerDiskGigabyte: 0.5).Should().Be(TimeSpan.FromMinutes(7));
    }

    [Fact]
    public void Without_history_the_disk_size_decides_and_without_both_the_default()
    {
        SnapshotTiming.Expected([], diskGigabytes: 60).Should().Be(TimeSpan.FromSeconds(60 * SnapshotTiming.SecondsPerAllocatedGigabyte));
        SnapshotTiming.Expected([new Backup { Status = new BackupStatus { StartedAt = T0 } }], null).Should().Be(SnapshotTiming.DefaultExpected);
    }

    [Fact]
    public void The_first_poll_is_at_the_expected_end_not_at_a_short_fixed_interval()
    {
        // Just after the expected end: 5 % of it (9 s of 3 min), at least 1 s.
        SnapshotTiming.NextPoll(TimeSpan.Zero, TimeSpan.FromMinutes(3), Slow, Timeout).Should().Be(TimeSpan.FromSeconds(189));
        SnapshotTiming.NextPoll(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3), Slow, Timeout).Should().Be(TimeSpan.FromSeconds(69));
        SnapshotTiming.NextPoll(TimeSpan.Zero, TimeSpan.FromSeconds(10), Slow, Timeout).Should().Be(TimeSpan.FromSeconds(11));
        SnapshotTiming.IsEarly(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10)).Should().BeTrue();
        SnapshotTiming.IsEarly(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)).Should().BeFalse();
        SnapshotTiming.IsEarly(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Should().BeTrue("a long expectation is not polled before its end");
        SnapshotTiming.NextPoll(TimeSpan.Zero, TimeSpan.FromMinutes(60), TimeSpan.FromHours(3), TimeSpan.FromHours(4))
            .Should().Be(TimeSpan.FromMinutes(63), "a 60-minute snapshot with history is polled once, just after its expected end");
    }

    [Fact]
    public void Overdue_polls_back_off_up_to_the_cap()
    {
        var expected = TimeSpan.FromMinutes(4);
        var justLate = SnapshotTiming.NextPoll(expected, expected, Slow, Timeout);
        var later = SnapshotTiming.NextPoll(expected + TimeSpan.FromMinutes(6), expected, Slow, Timeout);

        justLate.Should().Be(TimeSpan.FromMinutes(1));
        later.Should().Be(TimeSpan.FromMinutes(3));
        SnapshotTiming.NextPoll(TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(2), TimeSpan.FromHours(5), TimeSpan.FromHours(6))
            .Should().Be(SnapshotTiming.MaxPollDelay);
        SnapshotTiming.NextPoll(TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(40), TimeSpan.FromHours(5), TimeSpan.FromHours(6))
            .Should().Be(TimeSpan.FromMinutes(10), "a long expectation backs off by a quarter of it");
    }

    [Fact]
    public void Polls_never_sleep_past_the_Slow_or_Timeout_boundary()
    {
        SnapshotTiming.NextPoll(TimeSpan.FromMinutes(18), TimeSpan.FromMinutes(40), Slow, Timeout).Should().Be(TimeSpan.FromMinutes(2));
        SnapshotTiming.NextPoll(TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(40), Slow, Timeout).Should().Be(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Queue_and_deletion_retries_grow_with_the_wait_within_bounds()
    {
        SnapshotTiming.QueueRetry(TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(10));
        SnapshotTiming.QueueRetry(TimeSpan.FromMinutes(4)).Should().Be(TimeSpan.FromMinutes(1));
        SnapshotTiming.QueueRetry(TimeSpan.FromHours(1)).Should().Be(TimeSpan.FromMinutes(2));
        SnapshotTiming.DeletionRetry(TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(15));
        SnapshotTiming.DeletionRetry(TimeSpan.FromMinutes(2)).Should().Be(TimeSpan.FromMinutes(2));
        SnapshotTiming.DeletionRetry(TimeSpan.FromHours(2)).Should().Be(TimeSpan.FromMinutes(10));
    }
}
