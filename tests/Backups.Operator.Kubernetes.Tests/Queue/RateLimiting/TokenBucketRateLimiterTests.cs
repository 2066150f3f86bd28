using Backups.Operator.Kubernetes.Queue.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Queue.RateLimiting;

public sealed class TokenBucketRateLimiterTests
{
    [Fact]
    public void Burst_passes_then_each_item_waits_one_token_longer()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<int>(10, 3, time);

        Enumerable.Range(0, 3).Select(limiter.When).ToList().Should().AllSatisfy(d => d.Should().Be(TimeSpan.Zero));
        limiter.When(3).Should().BeCloseTo(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1));
        limiter.When(4).Should().BeCloseTo(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Tokens_refill_with_time_up_to_the_burst()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<int>(10, 2, time);
        limiter.When(0);
        limiter.When(1);

        time.Advance(TimeSpan.FromSeconds(10));

        limiter.When(2).Should().Be(TimeSpan.Zero);
        limiter.When(3).Should().Be(TimeSpan.Zero);
        limiter.When(4).Should().BeGreaterThan(TimeSpan.Zero, "the bucket holds at most the burst");
    }
}
