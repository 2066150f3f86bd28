using Backups.Operator.Api;
using Backups.Operator.Controllers.Restores;

namespace Backups.Operator.Tests.Restores;

public sealed class RebuildPollScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Expected_duration_is_how_long_the_snapshot_took()
    {
        var status = new BackupStatus { StartedAt = Start, CompletedAt = Start.AddMinutes(7), SizeGigabytes = 40 };

        RebuildPollSchedule.ExpectedDuration(status).Should().Be(TimeSpan.FromMinutes(7));
    }

    [Fact]
    public void Without_timing_the_expected_duration_comes_from_the_snapshot_size()
    {
        var status = new BackupStatus { SizeGigabytes = 3 };

        RebuildPollSchedule.ExpectedDuration(status).Should().Be(TimeSpan.FromSeconds(3 * RebuildPollSchedule.SecondsPerSnapshotGigabyte));
    }

    [Fact]
    public void Without_anything_known_the_default_is_used_and_tiny_durations_are_raised_to_the_minimum()
    {
        RebuildPollSchedule.ExpectedDuration(null).Should().Be(RebuildPollSchedule.Default);
        RebuildPollSchedule.ExpectedDuration(new BackupStatus { StartedAt = Start, CompletedAt = Start.AddSeconds(1) })
            .Should().Be(RebuildPollSchedule.Minimum);
    }

    [Fact]
    public void The_first_poll_lands_at_the_expected_end()
    {
        RebuildPollSchedule.NextPoll(TimeSpan.FromMinutes(10), TimeSpan.Zero).Should().Be(TimeSpan.FromMinutes(10));
        RebuildPollSchedule.NextPoll(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(4)).Should().Be(TimeSpan.FromMinutes(6));
    }

    [Fact]
    public void An_overdue_rebuild_is_polled_every_quarter_of_the_expectation_within_bounds()
    {
        RebuildPollSchedule.NextPoll(TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5)).Should().Be(TimeSpan.FromMinutes(1));
        RebuildPollSchedule.NextPoll(TimeSpan.FromHours(2), TimeSpan.FromHours(3)).Should().Be(RebuildPollSchedule.MaximumPoll);
        RebuildPollSchedule.NextPoll(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(20)).Should().Be(RebuildPollSchedule.Minimum);
    }

    [Fact]
    public void Polls_for_a_rebuild_of_the_expected_length_are_few()
    {
        // A rebuild that takes 50% longer than expected is seen done within a handful of polls.
        var expected = TimeSpan.FromMinutes(8);
        var actual = TimeSpan.FromMinutes(12);
        var elapsed = TimeSpan.Zero;
        var polls = 0;
        while (elapsed < actual)
        {
            elapsed += RebuildPollSchedule.NextPoll(expected, elapsed);
            polls++;
        }

        polls.Should().BeLessThanOrEqualTo(3);
    }
}
