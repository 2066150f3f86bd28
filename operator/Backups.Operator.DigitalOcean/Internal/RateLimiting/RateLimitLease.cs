namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>The answer to a request for a slot: granted now, or refused with when to come back (never a wait).</summary>
internal readonly record struct RateLimitLease(bool Acquired, TimeSpan RetryAfter)
{
    public static RateLimitLease Granted => new(true, TimeSpan.Zero);

    public static RateLimitLease Refused(TimeSpan retryAfter) => new(false, retryAfter);
}
