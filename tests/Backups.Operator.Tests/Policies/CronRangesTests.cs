using Backups.Operator.Controllers.Policies;

namespace Backups.Operator.Tests.Policies;

public sealed class CronRangesTests
{
    [Theory]
    [InlineData("5-1 3 * * *", "minute range 5-1 runs backwards")]
    [InlineData("0 22-2 * * *", "hour range 22-2 runs backwards")]
    [InlineData("0 3 * 13 *", "month value 13 is out of range")]
    [InlineData("0 3 0-5 * *", "day-of-month range 0-5 is outside 1-31")]
    public void Ranges_that_cannot_mean_what_was_written_are_refused(string cron, string expected) =>
        CronRanges.Problem(cron).Should().Contain(expected);

    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("1-5 3 * * *")]
    [InlineData("*/15 1-23/2 1,15 JAN-MAR MON-FRI")]
    [InlineData("0 3 * * 7")]
    [InlineData(null)]
    public void Valid_expressions_pass(string? cron) => CronRanges.Problem(cron).Should().BeNull();
}
