namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>
/// Keeps one token under both sliding windows (per minute and per hour) and under what the server reported
/// (<c>ratelimit-remaining</c>/<c>ratelimit-reset</c>, <c>retry-after</c>). Callers wait in strict FIFO order; a waiter that
/// cannot get a slot within its allowed wait leaves the queue with an estimate of when to retry. Time comes from a
/// <see cref="TimeProvider"/> only.
/// </summary>
internal sealed class TokenRateLimiter : IDisposable
{
    private static readonly TimeSpan DefaultBlockWithoutHeaders = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly SlidingWindow _minute;
    private readonly SlidingWindow _hour;
    private readonly TimeSpan _hourLength;
    private readonly LinkedList<TaskCompletionSource<DateTimeOffset>> _waiters = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private int? _serverRemaining;
    private DateTimeOffset _serverResetAt = DateTimeOffset.MinValue;
    private ITimer? _timer;
    private bool _disposed;

    public TokenRateLimiter(RateLimitSettings settings, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _minute = new SlidingWindow(settings.RequestsPerMinute, TimeSpan.FromMinutes(1) + settings.WindowMargin);
        _hourLength = TimeSpan.FromHours(1) + settings.WindowMargin;
        _hour = new SlidingWindow(settings.RequestsPerHour, _hourLength);
    }

    /// <summary>Callers currently waiting for a slot.</summary>
    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Requests sent in the current sliding minute and hour.</summary>
    public (int Minute, int Hour) Counts
    {
        get
        {
            lock (_lock)
            {
                var now = _timeProvider.GetUtcNow();
                _minute.IsFull(now);
                _hour.IsFull(now);
                return (_minute.Count, _hour.Count);
            }
        }
    }

    /// <summary>Waits (FIFO) for a slot and records the request in both windows, or gives up after <paramref name="maxWait"/>.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = _timeProvider.GetUtcNow();
        TaskCompletionSource<DateTimeOffset> waiter;
        LinkedListNode<TaskCompletionSource<DateTimeOffset>> node;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters.Count == 0 && TryTakeLocked(start))
            {
                return RateLimitLease.Granted(TimeSpan.Zero);
            }

            var estimate = NextAvailableLocked(start) - start;
            if (estimate > maxWait)
            {
                return RateLimitLease.Refused(TimeSpan.Zero, estimate);
            }

            waiter = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
            ScheduleLocked(start);
        }

        using var timeout = new CancellationTokenSource(maxWait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using (linked.Token.UnsafeRegister(static state => AbandonFromCallback(state!), (this, node)))
        {
            try
            {
                var grantedAt = await waiter.Task.ConfigureAwait(false);
                return RateLimitLease.Granted(grantedAt - start);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var now = _timeProvider.GetUtcNow();
                TimeSpan retryAfter;
                lock (_lock)
                {
                    retryAfter = NextAvailableLocked(now) - now;
                }

                return RateLimitLease.Refused(now - start, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Takes into account what a response said about the budget.</summary>
    public void Observe(RateLimitObservation observation)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            var latestSensible = now + _hourLength;
            if (observation.RetryAfter is { } retryAfter)
            {
                // Burst (per-minute) limit: retry-after appears only there; remaining 0 then says nothing about the hour.
                Block(now + retryAfter, latestSensible);
            }
            else
            {
                if (observation.Remaining is { } remaining && observation.Reset is { } reset && reset > now)
                {
                    _serverRemaining = remaining;
                    _serverResetAt = reset < latestSensible ? reset : latestSensible;
                }

                if (observation.IsTooManyRequests)
                {
                    Block(observation.Reset is { } r && r > now ? r : now + DefaultBlockWithoutHeaders, latestSensible);
                }
            }

            if (_waiters.Count > 0)
            {
                ScheduleLocked(now);
            }
        }
    }

    public void Dispose()
    {
        List<TaskCompletionSource<DateTimeOffset>> abandoned;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            abandoned = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in abandoned)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(TokenRateLimiter)));
        }
    }

    private void Block(DateTimeOffset until, DateTimeOffset latestSensible)
    {
        var capped = until < latestSensible ? until : latestSensible;
        if (capped > _blockedUntil)
        {
            _blockedUntil = capped;
        }
    }

    private bool TryTakeLocked(DateTimeOffset now)
    {
        if (now < _blockedUntil)
        {
            return false;
        }

        if (_serverRemaining is not null && now >= _serverResetAt)
        {
            _serverRemaining = null;
        }

        if (_serverRemaining <= 0 || _minute.IsFull(now) || _hour.IsFull(now))
        {
            return false;
        }

        _minute.Record(now);
        _hour.Record(now);
        if (_serverRemaining is { } remaining)
        {
            _serverRemaining = remaining - 1;
        }

        return true;
    }

    private DateTimeOffset NextAvailableLocked(DateTimeOffset now)
    {
        var next = now;
        if (_blockedUntil > next)
        {
            next = _blockedUntil;
        }

        if (_serverRemaining <= 0 && _serverResetAt > next)
        {
            next = _serverResetAt;
        }

        var minuteFree = _minute.NextFree(now);
        if (minuteFree > next)
        {
            next = minuteFree;
        }

        var hourFree = _hour.NextFree(now);
        if (hourFree > next)
        {
            next = hourFree;
        }

        return next;
    }

    private void Pump()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            while (_waiters.First is { } head && TryTakeLocked(now))
            {
                _waiters.RemoveFirst();
                head.Value.TrySetResult(now);
            }

            ScheduleLocked(now);
        }
    }

    private static void AbandonFromCallback(object state)
    {
        var (limiter, node) = ((TokenRateLimiter, LinkedListNode<TaskCompletionSource<DateTimeOffset>>))state;
        limiter.Abandon(node);
    }

    private bool Abandon(LinkedListNode<TaskCompletionSource<DateTimeOffset>> node)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return false;
            }

            _waiters.Remove(node);
            node.Value.TrySetCanceled();
        }

        // The head may have changed: let the next waiter in if it can go now.
        Pump();
        return true;
    }

    private void ScheduleLocked(DateTimeOffset now)
    {
        if (_waiters.Count == 0)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = NextAvailableLocked(now) - now;
        if (due <= TimeSpan.Zero)
        {
            // Only reachable when the head can go now; the caller pumps. Keep a short tick as a safety net.
            due = TimeSpan.FromMilliseconds(1);
        }

        _timer ??= _timeProvider.CreateTimer(static state => ((TokenRateLimiter)state!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }
}
