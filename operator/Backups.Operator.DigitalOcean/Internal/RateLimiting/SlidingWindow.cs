namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>The send times (ascending) of the requests that still count against a limit of <see cref="Limit"/> per
/// <see cref="Length"/>. Not thread-safe: the owner locks.</summary>
internal sealed class SlidingWindow(int limit, TimeSpan length)
{
    private readonly List<DateTimeOffset> _sent = [];
    private int _head;

    public int Limit { get; } = limit;

    public TimeSpan Length { get; } = length;

    public int Count => _sent.Count - _head;

    /// <summary>Whether <paramref name="limit"/> requests already count at <paramref name="now"/>.</summary>
    public bool IsFull(DateTimeOffset now, int limit)
    {
        Prune(now);
        return Count >= limit;
    }

    public void Record(DateTimeOffset now) => _sent.Add(now);

    /// <summary>
    /// The earliest time at or after <paramref name="now"/> when one more request fits under <paramref name="limit"/>, given
    /// the counted requests and <paramref name="booked"/> (ascending times at which other callers were told to come back,
    /// each of which will count from then on).
    /// </summary>
    public DateTimeOffset NextFree(DateTimeOffset now, int limit, IReadOnlyList<DateTimeOffset> booked)
    {
        Prune(now);
        var total = Count + booked.Count;
        if (total < limit)
        {
            return now;
        }

        // The request that must age out first is the (total - limit)-th of the counted ones followed by the booked ones.
        var index = total - limit;
        var leaving = index < Count ? _sent[_head + index] : booked[index - Count];
        var free = leaving + Length;
        return free > now ? free : now;
    }

    private void Prune(DateTimeOffset now)
    {
        while (_head < _sent.Count && _sent[_head] + Length <= now)
        {
            _head++;
        }

        if (_head > 1024 && _head * 2 > _sent.Count)
        {
            _sent.RemoveRange(0, _head);
            _head = 0;
        }
    }
}
