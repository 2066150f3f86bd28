namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>The answer to a request for a slot: granted after <see cref="Waited"/>, or refused with an estimate of when to retry.</summary>
internal readonly record struct RateLimitLease(bool Acquired, TimeSpan Waited, TimeSpan RetryAfter)
{
    public static RateLimitLease Granted(TimeSpan waited) => new(true, waited, TimeSpan.Zero);

    public static RateLimitLease Refused(TimeSpan waited, TimeSpan retryAfter) => new(false, waited, retryAfter);
}
