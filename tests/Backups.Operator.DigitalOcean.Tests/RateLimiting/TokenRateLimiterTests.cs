using Backups.Operator.DigitalOcean.Internal.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.RateLimiting;

public sealed class TokenRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Grants_the_per_minute_budget_at_once_then_refuses_until_the_oldest_expires()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(3, 100, TimeSpan.Zero), time);

        for (var i = 0; i < 3; i++)
        {
            limiter.TryAcquire(RequestPriority.Normal).Should().Be(RateLimitLease.Granted);
        }

        limiter.TryAcquire(RequestPriority.Normal).Should().Be(RateLimitLease.Refused(TimeSpan.FromSeconds(60)));
        time.Advance(TimeSpan.FromSeconds(60));
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue("the booked caller comes back at its time");
    }

    [Fact]
    public void The_window_margin_is_added_to_each_window()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.FromSeconds(1)), time);
        limiter.TryAcquire(RequestPriority.Normal);

        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromSeconds(61));
        time.Advance(TimeSpan.FromSeconds(60));
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeFalse();
    }

    [Fact]
    public void Callers_refused_together_are_booked_one_slot_apart_not_all_at_once()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(3, 100, TimeSpan.Zero), time);
        for (var i = 0; i < 3; i++)
        {
            limiter.TryAcquire(RequestPriority.Normal);
        }

        var retries = Enumerable.Range(0, 7).Select(_ => limiter.TryAcquire(RequestPriority.Normal).RetryAfter.TotalSeconds).ToList();

        retries.Should().Equal(60, 60, 60, 120, 120, 120, 180);
        limiter.Booked.Normal.Should().Be(7);
    }

    [Fact]
    public void Never_exceeds_either_window_and_serves_callers_that_come_back_at_their_time_in_order()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(5, 12, TimeSpan.Zero), time);
        var grants = RequeueLoop.Run(time, limiter, callers: 30, RequestPriority.Normal, TimeSpan.FromHours(4));

        grants.Should().HaveCount(30);
        grants.Select(g => g.Caller).Should().Equal(Enumerable.Range(0, 30), "callers are served in the order they first asked");
        foreach (var (_, at, _) in grants)
        {
            grants.Count(g => g.At > at - TimeSpan.FromMinutes(1) && g.At <= at).Should().BeLessThanOrEqualTo(5);
            grants.Count(g => g.At > at - TimeSpan.FromHours(1) && g.At <= at).Should().BeLessThanOrEqualTo(12);
        }

        grants[11].At.Should().Be(Start + TimeSpan.FromMinutes(2), "12 fit in the first hour: 5 + 5 + 2");
        grants[12].At.Should().Be(Start + TimeSpan.FromHours(1), "the 13th comes back when the first leaves the hour window");
        grants.Max(g => g.Attempts).Should().Be(2, "a refused caller is told its own slot, so it is refused once at most");
    }

    [Fact]
    public void A_busy_token_never_slows_another()
    {
        var time = new FakeTimeProvider(Start);
        var registry = new TokenRateLimiterRegistry(new RateLimitSettings(2, 100, TimeSpan.Zero), time);
        var busy = registry.Get("a");
        var answers = Enumerable.Range(0, 50).Select(_ => busy.TryAcquire(RequestPriority.Normal)).ToList();

        registry.Get("b").TryAcquire(RequestPriority.Normal).Should().Be(RateLimitLease.Granted);
        answers.Count(a => a.Acquired).Should().Be(2);
        busy.Booked.Normal.Should().Be(48);
        registry.Get("a").Should().BeSameAs(busy);
    }

    [Fact]
    public void Background_requests_leave_the_last_fifth_of_the_budget_and_every_booked_slot_to_normal_ones()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(10, 1000, TimeSpan.Zero), time);
        for (var i = 0; i < 7; i++)
        {
            limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        }

        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeTrue("8 of 10 is within the background share");
        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeFalse("the last 2 of 10 are kept for normal work");
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        var normal = limiter.TryAcquire(RequestPriority.Normal);
        var background = limiter.TryAcquire(RequestPriority.Background);

        normal.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        background.RetryAfter.Should().BeGreaterThanOrEqualTo(normal.RetryAfter, "a background check never goes before the booked normal request");
        time.Advance(TimeSpan.FromSeconds(60));
        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeFalse("a normal caller is still booked");
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeTrue("nothing normal is waiting any more");
    }

    [Fact]
    public void A_poll_never_takes_the_slot_a_refused_normal_caller_is_booked_for_and_comes_after_it()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.Zero), time);
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromSeconds(60));

        time.Advance(TimeSpan.FromSeconds(60));
        var poll = limiter.TryAcquire(RequestPriority.Poll);

        poll.Acquired.Should().BeFalse("the slot that frees now is booked for the due (normal) caller");
        poll.RetryAfter.Should().Be(TimeSpan.FromSeconds(60), "the poll is booked behind the normal caller");
        limiter.BookedPolls.Should().Be(1);
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue("the booked caller gets its slot");
        time.Advance(TimeSpan.FromSeconds(60));
        limiter.TryAcquire(RequestPriority.Poll).Acquired.Should().BeTrue();
    }

    [Fact]
    public void A_caller_refused_again_at_its_booked_time_is_booked_once_and_its_old_booking_holds_no_slot()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.Zero), time);
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(50));
        limiter.Observe(new RateLimitObservation(429, 0, null, TimeSpan.FromSeconds(30)));

        time.Advance(TimeSpan.FromSeconds(10));
        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromSeconds(20), "blocked by retry-after until 80 s");

        limiter.Booked.Normal.Should().Be(1, "the booking of 60 s was replaced by the new one, not kept besides it");
        time.Advance(TimeSpan.FromSeconds(20));
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Poll).Acquired.Should().BeFalse("the minute window is full again");
        limiter.Booked.Normal.Should().Be(0, "no stale booking is left to hold back polls and background checks");
    }

    [Fact]
    public void Polls_may_use_the_whole_budget_while_no_normal_caller_waits_and_background_checks_come_after_booked_polls()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(5, 1000, TimeSpan.Zero), time);
        for (var i = 0; i < 5; i++)
        {
            limiter.TryAcquire(RequestPriority.Poll).Acquired.Should().BeTrue("polls are not held to the background share");
        }

        var poll = limiter.TryAcquire(RequestPriority.Poll);
        var background = limiter.TryAcquire(RequestPriority.Background);
        background.RetryAfter.Should().BeGreaterThanOrEqualTo(poll.RetryAfter);

        time.Advance(TimeSpan.FromSeconds(60));
        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeFalse("a poll is still booked");
        limiter.TryAcquire(RequestPriority.Poll).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeTrue("nothing normal or poll is waiting any more");
    }

    [Fact]
    public void A_booking_nobody_comes_back_for_stops_holding_a_slot_after_the_grace()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(1, 100, TimeSpan.Zero), time);
        limiter.TryAcquire(RequestPriority.Normal);
        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromSeconds(60));

        time.Advance(TimeSpan.FromSeconds(60) + TokenRateLimiter.BookingGrace + TimeSpan.FromSeconds(1));

        limiter.Booked.Normal.Should().Be(0);
        limiter.TryAcquire(RequestPriority.Background).Acquired.Should().BeTrue();
    }

    [Fact]
    public void Retry_after_refuses_every_caller_of_the_token_until_it_passes()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(429, 0, Start + TimeSpan.FromMinutes(50), TimeSpan.FromSeconds(29)));

        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromSeconds(29), "with retry-after (burst limit) remaining 0 says nothing about the hour");
        time.Advance(TimeSpan.FromSeconds(28));
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
    }

    [Fact]
    public void Remaining_zero_without_retry_after_refuses_until_ratelimit_reset()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(200, 0, Start + TimeSpan.FromMinutes(7), null));

        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromMinutes(7));
        time.Advance(TimeSpan.FromMinutes(7));
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
    }

    [Fact]
    public void A_low_server_remaining_caps_the_local_budget_until_reset()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(200, 2, Start + TimeSpan.FromMinutes(3), null));

        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Normal).Acquired.Should().BeTrue();
        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void A_429_without_headers_blocks_for_a_minute()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(429, null, null, null));

        limiter.TryAcquire(RequestPriority.Normal).Should().Be(RateLimitLease.Refused(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void A_far_reset_is_capped_at_one_hour()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TokenRateLimiter(new RateLimitSettings(250, 5000, TimeSpan.Zero), time);
        limiter.Observe(new RateLimitObservation(429, 0, Start + TimeSpan.FromDays(3), null));

        limiter.TryAcquire(RequestPriority.Normal).RetryAfter.Should().Be(TimeSpan.FromHours(1));
    }
}
