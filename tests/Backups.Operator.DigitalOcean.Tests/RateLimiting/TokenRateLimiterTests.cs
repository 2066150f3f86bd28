using Backups.Operator.DigitalOcean.Internal.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.RateLimiting;

public sealed class TokenRateLimiterTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Grants_the_per_minute_budget_at_once_then_waits_for_the_oldest_to_expire()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(3, 100, TimeSpan.Zero), time);

        for (var i = 0; i < 3; i++)
        {
            (await limiter.AcquireAsync(Forever, CancellationToken.None)).Should().Be(RateLimitLease.Granted(TimeSpan.Zero));
        }

        var fourth = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        fourth.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromTicks(1));

        var lease = await fourth;
        lease.Acquired.Should().BeTrue();
        lease.Waited.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_window_margin_is_added_to_each_window()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.FromSeconds(1)), time);
        await limiter.AcquireAsync(Forever, CancellationToken.None);

        var second = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(60));
        second.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        (await second).Waited.Should().Be(TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task Never_exceeds_either_window_and_serves_everyone_in_order()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(5, 12, TimeSpan.Zero), time);
        var grants = new List<(int Caller, DateTimeOffset At)>();
        var calls = Enumerable.Range(0, 30).Select(async caller =>
        {
            var lease = await limiter.AcquireAsync(Forever, CancellationToken.None);
            lease.Acquired.Should().BeTrue();
            lock (grants)
            {
                grants.Add((caller, Start + lease.Waited));
            }
        }).ToList();

        for (var second = 0; second < 3 * 3600 && limiter.QueueLength > 0; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.WhenAll(calls);
        grants.Sort((x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Caller.CompareTo(y.Caller));
        grants.Select(g => g.Caller).Should().Equal(Enumerable.Range(0, 30), "waiters are served first come, first served");
        foreach (var (_, at) in grants)
        {
            grants.Count(g => g.At > at - TimeSpan.FromMinutes(1) && g.At <= at).Should().BeLessThanOrEqualTo(5);
            grants.Count(g => g.At > at - TimeSpan.FromHours(1) && g.At <= at).Should().BeLessThanOrEqualTo(12);
        }

        grants[11].At.Should().Be(Start + TimeSpan.FromMinutes(2), "12 fit in the first hour: 5 + 5 + 2");
        grants[12].At.Should().Be(Start + TimeSpan.FromHours(1), "the 13th waits for the first to leave the hour window");
    }

    [Fact]
    public async Task A_busy_token_never_slows_another()
    {
        var time = new FakeTimeProvider(Start);
        using var registry = new TokenRateLimiterRegistry(new RateLimitSettings(2, 100, TimeSpan.Zero), time);
        var busy = registry.Get("a");
        var waiting = Enumerable.Range(0, 50).Select(_ => busy.AcquireAsync(Forever, CancellationToken.None).AsTask()).ToList();

        var other = await registry.Get("b").AcquireAsync(Forever, CancellationToken.None);

        other.Should().Be(RateLimitLease.Granted(TimeSpan.Zero));
        busy.QueueLength.Should().Be(48);
        registry.Get("a").Should().BeSameAs(busy);
        waiting.Count(t => t.IsCompleted).Should().Be(2);
    }

    [Fact]
    public async Task A_caller_that_would_wait_too_long_is_refused_with_when_to_retry()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.Zero), time);
        await limiter.AcquireAsync(Forever, CancellationToken.None);

        var refused = await limiter.AcquireAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        refused.Acquired.Should().BeFalse();
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        limiter.QueueLength.Should().Be(0);
    }

    [Fact]
    public async Task A_waiter_whose_wait_runs_out_leaves_the_queue_and_the_next_moves_up()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.Zero), time);
        await limiter.AcquireAsync(Forever, CancellationToken.None);
        var patient = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();
        var impatient = limiter.AcquireAsync(TimeSpan.FromSeconds(90), CancellationToken.None).AsTask();
        var third = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromSeconds(60));
        (await patient).Waited.Should().Be(TimeSpan.FromSeconds(60));
        limiter.QueueLength.Should().Be(2);

        time.Advance(TimeSpan.FromSeconds(30));
        var refused = await impatient;
        refused.Acquired.Should().BeFalse("second in line, its slot would come at 120 s, after its 90 s");
        refused.Waited.Should().Be(TimeSpan.FromSeconds(90));
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        limiter.QueueLength.Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(30));
        (await third).Waited.Should().Be(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Cancellation_removes_the_waiter_and_throws()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.Zero), time);
        await limiter.AcquireAsync(Forever, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(Forever, cts.Token).AsTask();
        var next = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();

        await cts.CancelAsync();

        await FluentActions.Awaiting(() => cancelled).Should().ThrowAsync<OperationCanceledException>();
        limiter.QueueLength.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(60));
        (await next).Waited.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Retry_after_holds_every_caller_of_the_token_until_it_passes()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(429, 0, Start + TimeSpan.FromMinutes(50), TimeSpan.FromSeconds(29)));

        var call = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(28));
        call.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        (await call).Waited.Should().Be(TimeSpan.FromSeconds(29), "with retry-after (burst limit) remaining 0 says nothing about the hour");
    }

    [Fact]
    public async Task Remaining_zero_without_retry_after_waits_for_ratelimit_reset()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(200, 0, Start + TimeSpan.FromMinutes(7), null));

        var call = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMinutes(7) - TimeSpan.FromSeconds(1));
        call.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        (await call).Waited.Should().Be(TimeSpan.FromMinutes(7));
    }

    [Fact]
    public async Task A_low_server_remaining_caps_the_local_budget_until_reset()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(200, 2, Start + TimeSpan.FromMinutes(3), null));

        (await limiter.AcquireAsync(Forever, CancellationToken.None)).Waited.Should().Be(TimeSpan.Zero);
        (await limiter.AcquireAsync(Forever, CancellationToken.None)).Waited.Should().Be(TimeSpan.Zero);
        var third = limiter.AcquireAsync(Forever, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMinutes(3));

        (await third).Waited.Should().Be(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task A_429_without_headers_blocks_for_a_minute()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(429, null, null, null));

        var refused = await limiter.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        refused.Acquired.Should().BeFalse();
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_far_reset_is_capped_at_one_hour()
    {
        var time = new FakeTimeProvider(Start);
        using var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(429, 0, Start + TimeSpan.FromDays(3), null));

        var refused = await limiter.AcquireAsync(TimeSpan.Zero, CancellationToken.None);

        refused.RetryAfter.Should().Be(TimeSpan.FromHours(1));
    }
}
