using Backups.Operator.DigitalOcean.Internal.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.RateLimiting;

/// <summary>
/// Callers that behave like reconciles: each asks for a slot, and when refused comes back exactly at the time it was
/// told (a requeue), on a fake clock. Returns each caller's grant time and how many times it asked.
/// </summary>
internal static class RequeueLoop
{
    public static List<(int Caller, DateTimeOffset At, int Attempts)> Run(FakeTimeProvider time, TokenRateLimiter limiter, int callers, RequestPriority priority, TimeSpan limit)
    {
        var due = Enumerable.Range(0, callers).Select(c => (Caller: c, At: time.GetUtcNow(), Attempts: 0)).ToList();
        var grants = new List<(int Caller, DateTimeOffset At, int Attempts)>();
        var end = time.GetUtcNow() + limit;
        while (due.Count > 0 && time.GetUtcNow() <= end)
        {
            var next = due.Min(d => d.At);
            if (next > time.GetUtcNow())
            {
                time.SetUtcNow(next);
            }

            var now = time.GetUtcNow();
            var ready = due.Where(d => d.At <= now).OrderBy(d => d.At).ThenBy(d => d.Caller).ToList();
            due.RemoveAll(d => d.At <= now);
            foreach (var (caller, _, attempts) in ready)
            {
                var lease = limiter.TryAcquire(priority);
                if (lease.Acquired)
                {
                    grants.Add((caller, now, attempts + 1));
                }
                else
                {
                    due.Add((caller, now + lease.RetryAfter, attempts + 1));
                }
            }
        }

        return grants;
    }
}
