using Backups.Operator.DigitalOcean.Internal.Http;

namespace Backups.Operator.DigitalOcean.Tests.Http;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(0, 0.0, 250)]
    [InlineData(0, 1.0, 500)]
    [InlineData(1, 0.0, 500)]
    [InlineData(2, 1.0, 2000)]
    [InlineData(10, 0.0, 5000)]
    [InlineData(10, 1.0, 10000)]
    public void Doubles_with_equal_jitter_up_to_the_cap(int attempt, double random, double expectedMs) =>
        RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), random)
            .Should().Be(TimeSpan.FromMilliseconds(expectedMs));
}
