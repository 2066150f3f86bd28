using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>What a response said about the token's budget: <c>ratelimit-remaining</c>, <c>ratelimit-reset</c> (Unix seconds)
/// and <c>retry-after</c> (seconds or an HTTP date).</summary>
internal readonly record struct RateLimitObservation(int StatusCode, int? Remaining, DateTimeOffset? Reset, TimeSpan? RetryAfter)
{
    public bool IsTooManyRequests => StatusCode == (int)HttpStatusCode.TooManyRequests;

    public static RateLimitObservation From(HttpResponseMessage response, DateTimeOffset now)
    {
        var headers = response.Headers;
        int? remaining = TryGetInt64(headers, "ratelimit-remaining") is { } r ? (int)Math.Clamp(r, 0, int.MaxValue) : null;
        DateTimeOffset? reset = TryGetInt64(headers, "ratelimit-reset") is { } epoch && epoch > 0 && epoch < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

        TimeSpan? retryAfter = null;
        if (headers.RetryAfter is { } value)
        {
            if (value.Delta is { } delta)
            {
                retryAfter = delta;
            }
            else if (value.Date is { } date)
            {
                retryAfter = date - now;
            }
        }
        else if (TryGetInt64(headers, "retry-after") is { } seconds)
        {
            retryAfter = TimeSpan.FromSeconds(seconds);
        }

        if (retryAfter < TimeSpan.Zero)
        {
            retryAfter = TimeSpan.Zero;
        }

        return new RateLimitObservation((int)response.StatusCode, remaining, reset, retryAfter);
    }

    private static long? TryGetInt64(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
}
