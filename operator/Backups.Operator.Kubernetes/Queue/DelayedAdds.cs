namespace Backups.Operator.Kubernetes.Queue;

/// <summary>
/// Items waiting for their ready time (client-go's delaying queue): a min-heap by time, one timer armed for the earliest,
/// a later schedule of an already waiting item never postpones it.
/// </summary>
internal sealed class DelayedAdds<T> : IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<T, DateTimeOffset> _heap = new();
    private readonly Dictionary<T, DateTimeOffset> _readyAt = [];
    private readonly TimeProvider _timeProvider;
    private readonly Action<T> _add;
    private readonly ITimer _timer;
    private bool _stopped;

    public DelayedAdds(TimeProvider timeProvider, Action<T> add)
    {
        _timeProvider = timeProvider;
        _add = add;
        _timer = timeProvider.CreateTimer(static state => ((DelayedAdds<T>)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _readyAt.Count;
            }
        }
    }

    public void Schedule(T item, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var readyAt = _timeProvider.GetUtcNow() + delay;
            if (_readyAt.TryGetValue(item, out var existing) && existing <= readyAt)
            {
                return;
            }

            _readyAt[item] = readyAt;
            _heap.Enqueue(item, readyAt);
            ArmLocked();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _heap.Clear();
            _readyAt.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        Clear();
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        List<T>? ready = null;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            while (_heap.TryPeek(out var item, out var readyAt) && readyAt <= now)
            {
                _heap.Dequeue();

                // Stale heap entries (the item was rescheduled earlier, or already fired) are skipped.
                if (_readyAt.TryGetValue(item, out var current) && current == readyAt)
                {
                    _readyAt.Remove(item);
                    (ready ??= []).Add(item);
                }
            }

            ArmLocked();
        }

        if (ready is not null)
        {
            foreach (var item in ready)
            {
                _add(item);
            }
        }
    }

    private void ArmLocked()
    {
        while (_heap.TryPeek(out var item, out var readyAt))
        {
            if (_readyAt.TryGetValue(item, out var current) && current == readyAt)
            {
                var due = readyAt - _timeProvider.GetUtcNow();
                _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
                return;
            }

            _heap.Dequeue();
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
