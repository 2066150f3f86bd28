using Backups.Operator.Kubernetes.Queue.RateLimiting;

namespace Backups.Operator.Kubernetes.Queue;

/// <summary>
/// The client-go work queue (<c>queue</c> + <c>dirty</c> + <c>processing</c>) with delayed adds and a rate limiter.
/// Thread-safe; all times come from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkQueue<T> : IWorkQueue<T>, IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly Dictionary<T, long> _processing = [];
    private readonly Dictionary<T, long> _addedAt = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IRateLimiter<T> _rateLimiter;
    private readonly TimeProvider _timeProvider;
    private readonly IWorkQueueMetrics _metrics;
    private readonly DelayedAdds<T> _delayed;
    private bool _shuttingDown;

    public WorkQueue(IRateLimiter<T> rateLimiter, TimeProvider timeProvider, IWorkQueueMetrics? metrics = null)
    {
        _rateLimiter = rateLimiter;
        _timeProvider = timeProvider;
        _metrics = metrics ?? NullWorkQueueMetrics.Instance;
        _delayed = new DelayedAdds<T>(timeProvider, Add);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Items scheduled for later.</summary>
    public int DelayedCount => _delayed.Count;

    /// <summary>Items currently held by workers.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }

            _metrics.Added();
            _addedAt.TryAdd(item, _timeProvider.GetTimestamp());
            if (_processing.ContainsKey(item))
            {
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    public void AddAfter(T item, TimeSpan delay)
    {
        if (IsShuttingDown)
        {
            return;
        }

        _metrics.Retried();
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        _delayed.Schedule(item, delay);
    }

    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    public async ValueTask<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_queue.TryDequeue(out var item))
                {
                    var now = _timeProvider.GetTimestamp();
                    _dirty.Remove(item);
                    _processing[item] = now;
                    var queued = _addedAt.Remove(item, out var addedAt) ? _timeProvider.GetElapsedTime(addedAt, now) : TimeSpan.Zero;
                    _metrics.Started(queued);
                    return (item, false);
                }

                if (_shuttingDown)
                {
                    return (default!, true);
                }
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
            try
            {
                await _available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Shutting down: loop once more to hand out what is left, then report shutdown.
            }
        }
    }

    public void Done(T item)
    {
        var requeued = false;
        lock (_gate)
        {
            if (!_processing.Remove(item, out var startedAt))
            {
                return;
            }

            _metrics.Finished(_timeProvider.GetElapsedTime(startedAt));
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                requeued = true;
            }
            else if (_shuttingDown && _processing.Count == 0)
            {
                _drained.TrySetResult();
            }
        }

        if (requeued)
        {
            _available.Release();
        }
    }

    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }
        }

        _delayed.Stop();
        _shutdown.Cancel();
    }

    public async Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        ShutDown();
        await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Clear()
    {
        _delayed.Clear();
        lock (_gate)
        {
            var dropped = _queue.Count;
            foreach (var item in _queue)
            {
                _dirty.Remove(item);
                _addedAt.Remove(item);
            }

            _queue.Clear();

            // Items re-added while in flight would be re-queued by Done; drop those follow-ups too.
            foreach (var item in _processing.Keys)
            {
                if (_dirty.Remove(item))
                {
                    _addedAt.Remove(item);
                    dropped++;
                }
            }

            _metrics.Dropped(dropped);
        }
    }

    /// <summary>Sum of the ages of in-flight items and the age of the oldest (for the unfinished-work gauges).</summary>
    public (TimeSpan Unfinished, TimeSpan LongestRunning) InFlightWork()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var total = TimeSpan.Zero;
            var longest = TimeSpan.Zero;
            foreach (var startedAt in _processing.Values)
            {
                var age = _timeProvider.GetElapsedTime(startedAt, now);
                total += age;
                if (age > longest)
                {
                    longest = age;
                }
            }

            return (total, longest);
        }
    }

    public void Dispose()
    {
        ShutDown();
        _delayed.Dispose();
        _shutdown.Dispose();
        _available.Dispose();
    }
}
