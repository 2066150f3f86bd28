using Backups.Operator.Kubernetes.Queue.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Queue.RateLimiting;

public sealed class MaxOfRateLimiterTests
{
    [Fact]
    public void Takes_the_longest_delay_and_forgets_everywhere()
    {
        var time = new FakeTimeProvider();
        var perItem = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        var limiter = new MaxOfRateLimiter<string>(perItem, new TokenBucketRateLimiter<string>(1, 1, time));

        limiter.When("a").Should().Be(TimeSpan.FromSeconds(1));
        limiter.When("a").Should().Be(TimeSpan.FromSeconds(2));
        limiter.NumRequeues("a").Should().Be(2);

        limiter.Forget("a");
        limiter.NumRequeues("a").Should().Be(0);
    }

    [Fact]
    public void Default_controller_limiter_starts_at_5ms_and_caps_the_overall_rate()
    {
        var time = new FakeTimeProvider();
        var limiter = DefaultControllerRateLimiter.Create<int>(time);

        limiter.When(0).Should().Be(TimeSpan.FromMilliseconds(5));

        // 100 distinct keys fail at once: the bucket (10/s, burst 100) then spaces out the rest.
        for (var i = 1; i < 100; i++)
        {
            limiter.When(i);
        }

        limiter.When(1000).Should().BeCloseTo(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1));
    }
}
