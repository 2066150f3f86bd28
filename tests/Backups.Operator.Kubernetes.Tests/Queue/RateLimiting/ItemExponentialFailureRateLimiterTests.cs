using Backups.Operator.Kubernetes.Queue.RateLimiting;

namespace Backups.Operator.Kubernetes.Tests.Queue.RateLimiting;

public sealed class ItemExponentialFailureRateLimiterTests
{
    [Fact]
    public void Delay_doubles_per_failure_and_is_capped()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 10).Select(_ => limiter.When("a")).ToList();

        delays.Take(5).Should().Equal(
            TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20),
            TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(80));
        delays[^1].Should().Be(TimeSpan.FromSeconds(1));
        limiter.NumRequeues("a").Should().Be(10);
    }

    [Fact]
    public void Items_are_independent_and_Forget_resets()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        limiter.When("b").Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.Forget("a");
        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Very_many_failures_do_not_overflow()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        for (var i = 0; i < 2000; i++)
        {
            limiter.When("a").Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1000));
        }
    }
}
