namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>The send times of the requests that still count against a limit of <see cref="Limit"/> per <see cref="Length"/>.
/// Not thread-safe: the owner locks.</summary>
internal sealed class SlidingWindow(int limit, TimeSpan length)
{
    private readonly Queue<DateTimeOffset> _sent = new();

    public int Limit { get; } = limit;

    public TimeSpan Length { get; } = length;

    public int Count => _sent.Count;

    public bool IsFull(DateTimeOffset now)
    {
        Prune(now);
        return _sent.Count >= Limit;
    }

    public void Record(DateTimeOffset now) => _sent.Enqueue(now);

    /// <summary>When the oldest counted request stops counting (only meaningful when full).</summary>
    public DateTimeOffset NextFree(DateTimeOffset now)
    {
        Prune(now);
        return _sent.Count < Limit ? now : _sent.Peek() + Length;
    }

    private void Prune(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() + Length <= now)
        {
            _sent.Dequeue();
        }
    }
}
