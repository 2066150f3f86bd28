namespace Backups.Operator.Kubernetes.Queue.RateLimiting;

/// <summary>
/// An overall token bucket (client-go <c>TypedBucketRateLimiter</c> over <c>rate.Limiter.Reserve().Delay()</c>):
/// <c>burst</c> items pass at once, then one per <c>1/ratePerSecond</c>. Every call reserves a token, so the returned
/// delays grow as the bucket goes into debt. Not per item: <see cref="Forget"/> does nothing.
/// </summary>
public sealed class TokenBucketRateLimiter<T> : IRateLimiter<T>
{
    private readonly Lock _gate = new();
    private readonly double _ratePerSecond;
    private readonly int _burst;
    private readonly TimeProvider _timeProvider;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucketRateLimiter(double ratePerSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _timeProvider = timeProvider;
        _tokens = burst;
        _lastTimestamp = timeProvider.GetTimestamp();
    }

    public TimeSpan When(T item)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_lastTimestamp, now);
            _lastTimestamp = now;
            _tokens = Math.Min(_burst, _tokens + (elapsed.TotalSeconds * _ratePerSecond));
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _ratePerSecond);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
