using System.Net;
using Backups.Operator.DigitalOcean.Internal.RateLimiting;

namespace Backups.Operator.DigitalOcean.Tests.RateLimiting;

public sealed class RateLimitObservationTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1402425400);

    [Fact]
    public void Reads_the_reference_burst_429_headers()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("ratelimit-limit", "5000");
        response.Headers.TryAddWithoutValidation("ratelimit-remaining", "0");
        response.Headers.TryAddWithoutValidation("ratelimit-reset", "1402425459");
        response.Headers.TryAddWithoutValidation("retry-after", "29");

        var observation = RateLimitObservation.From(response, Now);

        observation.Should().Be(new RateLimitObservation(429, 0, DateTimeOffset.FromUnixTimeSeconds(1402425459), TimeSpan.FromSeconds(29)));
        observation.IsTooManyRequests.Should().BeTrue();
    }

    [Fact]
    public void Missing_or_garbage_headers_read_as_absent()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("ratelimit-remaining", "lots");

        RateLimitObservation.From(response, Now).Should().Be(new RateLimitObservation(200, null, null, null));
    }

    [Fact]
    public void An_http_date_retry_after_becomes_a_delay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Now + TimeSpan.FromSeconds(42));

        RateLimitObservation.From(response, Now).RetryAfter.Should().Be(TimeSpan.FromSeconds(42));
    }
}
