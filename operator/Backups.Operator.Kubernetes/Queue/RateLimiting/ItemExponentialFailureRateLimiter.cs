namespace Backups.Operator.Kubernetes.Queue.RateLimiting;

/// <summary>Per-item exponential backoff: <c>baseDelay * 2^failures</c>, capped at <c>maxDelay</c>.</summary>
public sealed class ItemExponentialFailureRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly Dictionary<T, int> _failures = [];
    private readonly Lock _gate = new();
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseDelay.Ticks, nameof(baseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }

        var ticks = _baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (_gate)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_gate)
        {
            return _failures.TryGetValue(item, out var failures) ? failures : 0;
        }
    }
}
