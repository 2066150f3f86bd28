namespace Backups.Operator.Kubernetes.Queue.RateLimiting;

/// <summary>
/// controller-runtime's default: max(per-item 5 ms * 2^n capped at 1000 s, overall token bucket 10/s with burst 100).
/// </summary>
public static class DefaultControllerRateLimiter
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1000);
    public const double RatePerSecond = 10;
    public const int Burst = 100;

    public static IRateLimiter<T> Create<T>(TimeProvider timeProvider)
        where T : notnull =>
        new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(BaseDelay, MaxDelay),
            new TokenBucketRateLimiter<T>(RatePerSecond, Burst, timeProvider));
}
