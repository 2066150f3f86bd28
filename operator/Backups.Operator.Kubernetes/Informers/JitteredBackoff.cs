namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// client-go's reflector backoff: <c>initial * 2^n</c> capped at <c>max</c>, plus up to 100 % jitter, reset after a quiet
/// period without failures.
/// </summary>
public sealed class JitteredBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly TimeSpan _resetAfter;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private TimeSpan _current;
    private long? _lastFailure;

    public JitteredBackoff(TimeSpan initial, TimeSpan max, TimeSpan resetAfter, TimeProvider timeProvider, Func<double>? random = null)
    {
        _initial = initial;
        _max = max;
        _resetAfter = resetAfter;
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The next delay to wait after a failure.</summary>
    public TimeSpan Next()
    {
        var now = _timeProvider.GetTimestamp();
        if (_lastFailure is null || _timeProvider.GetElapsedTime(_lastFailure.Value, now) >= _resetAfter)
        {
            _current = _initial;
        }
        else
        {
            _current = TimeSpan.FromTicks(Math.Min(_max.Ticks, _current.Ticks * 2));
        }

        _lastFailure = now;
        return _current + TimeSpan.FromTicks((long)(_current.Ticks * _random()));
    }
}
