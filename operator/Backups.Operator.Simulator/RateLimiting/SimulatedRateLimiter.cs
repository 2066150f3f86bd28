namespace Backups.Operator.Simulator.RateLimiting;

/// <summary>The verdict on one request and the values of the <c>ratelimit-*</c> (and <c>retry-after</c>) headers.</summary>
internal readonly record struct RateLimitVerdict(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset, int? RetryAfterSeconds);

/// <summary>
/// DigitalOcean's limits per token: each accepted request counts for one sliding hour (and one sliding minute for the burst
/// limit). Over the hour: 429 without <c>retry-after</c>; over the minute: 429 with <c>retry-after</c>. Rejected requests do not count.
/// <c>ratelimit-reset</c> is when the oldest counted request expires.
/// </summary>
internal sealed class SimulatedRateLimiter(int perMinute, int perHour)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Windows> _byKey = new(StringComparer.Ordinal);

    public int Limit => perHour;

    public RateLimitVerdict Check(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue(key, out var windows))
            {
                windows = new Windows();
                _byKey.Add(key, windows);
            }

            Prune(windows.Hour, now, Hour);
            Prune(windows.Minute, now, Minute);
            if (windows.Hour.Count >= perHour)
            {
                return new RateLimitVerdict(false, perHour, 0, windows.Hour.Peek() + Hour, null);
            }

            if (windows.Minute.Count >= perMinute)
            {
                var retryAfter = (int)Math.Ceiling((windows.Minute.Peek() + Minute - now).TotalSeconds);
                return new RateLimitVerdict(false, perHour, 0, Reset(windows, now), Math.Max(1, retryAfter));
            }

            windows.Hour.Enqueue(now);
            windows.Minute.Enqueue(now);
            return new RateLimitVerdict(true, perHour, perHour - windows.Hour.Count, Reset(windows, now), null);
        }
    }

    /// <summary>The headers for a request that is not counted (unknown token).</summary>
    public RateLimitVerdict Uncounted(DateTimeOffset now) => new(true, perHour, perHour, now, null);

    private static DateTimeOffset Reset(Windows windows, DateTimeOffset now) => windows.Hour.Count > 0 ? windows.Hour.Peek() + Hour : now;

    private static void Prune(Queue<DateTimeOffset> window, DateTimeOffset now, TimeSpan length)
    {
        while (window.Count > 0 && window.Peek() + length <= now)
        {
            window.Dequeue();
        }
    }

    private sealed class Windows
    {
        public Queue<DateTimeOffset> Minute { get; } = new();

        public Queue<DateTimeOffset> Hour { get; } = new();
    }
}
