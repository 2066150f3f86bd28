using Backups.Operator.Cli.Formatting;

namespace Backups.Operator.Cli.Tests.Formatting;

public sealed class HumanizeTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(7199, "119m")]
    [InlineData(7200, "2h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(90 * 86400, "90d")]
    [InlineData(-5, "0s")]
    public void Durations_read_like_kubectl_ages(int seconds, string expected) =>
        Humanize.Duration(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Theory]
    [InlineData(7, "0:07")]
    [InlineData(750, "12:30")]
    [InlineData(3723, "1:02:03")]
    public void The_progress_clock_shows_minutes_and_seconds(int seconds, string expected) =>
        Humanize.Clock(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Fact]
    public void Sizes_have_two_decimals_and_unknown_is_a_dash()
    {
        Humanize.Size(0.8).Should().Be("0.80 GB");
        Humanize.Size(null).Should().Be("-");
        Humanize.Size(double.NaN).Should().Be("-");
    }

    [Fact]
    public void A_time_in_the_policy_zone_shows_the_zone_and_its_offset_of_that_day()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Humanize.InZone(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero), zone).Should().Be("2026-12-02 03:00 Europe/Berlin (+01:00)");
        Humanize.InZone(new DateTimeOffset(2026, 7, 2, 1, 0, 0, TimeSpan.Zero), zone).Should().Be("2026-07-02 03:00 Europe/Berlin (+02:00)");
        Humanize.InZone(new DateTimeOffset(2026, 7, 2, 1, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"))
            .Should().Be("2026-07-01 21:00 America/New_York (-04:00)");
    }

    [Fact]
    public void Utc_dates_are_minutes_with_the_zone_named() =>
        Humanize.Utc(new DateTimeOffset(2026, 12, 2, 4, 5, 59, TimeSpan.FromHours(1))).Should().Be("2026-12-02 03:05 UTC");
}
