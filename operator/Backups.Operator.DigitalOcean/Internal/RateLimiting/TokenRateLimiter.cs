namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>
/// Keeps one token under both sliding windows (per minute and per hour) and under what the server reported
/// (<c>ratelimit-remaining</c>/<c>ratelimit-reset</c>, <c>retry-after</c>). Nobody ever waits here
/// (docs/digitalocean-api.md, "Rate limits"): a caller gets a slot now or is refused with the time its slot frees, and
/// that time is booked, so the callers refused together are told to come back one slot apart instead of all at once.
/// <see cref="RequestPriority.Poll"/> callers get a slot only while no normal caller is booked;
/// <see cref="RequestPriority.Background"/> callers only while no normal or poll caller is booked and the windows
/// are below 80 % of their limits. Time comes from a <see cref="TimeProvider"/> only.
/// </summary>
internal sealed class TokenRateLimiter
{
    /// <summary>A booked caller that has not come back this long after its time is assumed gone (its Backup deleted,
    /// its work done another way) and stops holding a slot.</summary>
    internal static readonly TimeSpan BookingGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DefaultBlockWithoutHeaders = TimeSpan.FromSeconds(60);

    /// <summary>The smallest retry delay handed out (a reconcile cannot requeue after zero).</summary>
    private static readonly TimeSpan MinimumRetry = TimeSpan.FromMilliseconds(10);

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly SlidingWindow _minute;
    private readonly SlidingWindow _hour;
    private readonly TimeSpan _hourLength;
    private readonly List<DateTimeOffset> _bookedNormal = [];
    private readonly List<DateTimeOffset> _bookedPoll = [];
    private readonly List<DateTimeOffset> _bookedBackground = [];
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private int? _serverRemaining;
    private DateTimeOffset _serverResetAt = DateTimeOffset.MinValue;

    public TokenRateLimiter(RateLimitSettings settings, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _minute = new SlidingWindow(settings.RequestsPerMinute, TimeSpan.FromMinutes(1) + settings.WindowMargin);
        _hourLength = TimeSpan.FromHours(1) + settings.WindowMargin;
        _hour = new SlidingWindow(settings.RequestsPerHour, _hourLength);
    }

    /// <summary>Callers refused and booked to come back (normal, background).</summary>
    public (int Normal, int Background) Booked
    {
        get
        {
            lock (_lock)
            {
                PruneBookings(_timeProvider.GetUtcNow());
                return (_bookedNormal.Count, _bookedBackground.Count);
            }
        }
    }

    /// <summary>Poll callers refused and booked to come back.</summary>
    public int BookedPolls
    {
        get
        {
            lock (_lock)
            {
                PruneBookings(_timeProvider.GetUtcNow());
                return _bookedPoll.Count;
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
                _minute.IsFull(now, int.MaxValue);
                _hour.IsFull(now, int.MaxValue);
                return (_minute.Count, _hour.Count);
            }
        }
    }

    /// <summary>A slot now (recorded in both windows), or a refusal with the booked time to come back. Never waits.</summary>
    public RateLimitLease TryAcquire(RequestPriority priority)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            PruneBookings(now);
            var booked = priority switch
            {
                RequestPriority.Background => _bookedBackground,
                RequestPriority.Poll => _bookedPoll,
                _ => _bookedNormal,
            };
            if (CanTakeLocked(now, priority))
            {
                Take(now);
                if (booked.Count > 0 && booked[0] <= now + MinimumRetry)
                {
                    // Most likely the caller booked first; either way one booked slot is used up.
                    booked.RemoveAt(0);
                }

                return RateLimitLease.Granted;
            }

            if (booked.Count > 0 && booked[0] <= now + MinimumRetry)
            {
                // A caller back at its booked time and refused again (another took the slot) is booked anew below: its old
                // booking must not go on holding a slot nobody will use.
                booked.RemoveAt(0);
            }

            var at = NextAvailableLocked(now, priority);
            Book(booked, at);
            var retry = at - now;
            return RateLimitLease.Refused(retry > MinimumRetry ? retry : MinimumRetry);
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

    private static int BackgroundLimit(int limit) => Math.Max(1, limit * 4 / 5);

    private bool CanTakeLocked(DateTimeOffset now, RequestPriority priority)
    {
        if (now < _blockedUntil)
        {
            return false;
        }

        if (_serverRemaining is not null && now >= _serverResetAt)
        {
            _serverRemaining = null;
        }

        if (_serverRemaining <= 0)
        {
            return false;
        }

        return priority switch
        {
            RequestPriority.Background => _bookedNormal.Count == 0 && _bookedPoll.Count == 0
                                          && !_minute.IsFull(now, BackgroundLimit(_minute.Limit)) && !_hour.IsFull(now, BackgroundLimit(_hour.Limit)),
            RequestPriority.Poll => _bookedNormal.Count == 0 && !_minute.IsFull(now, _minute.Limit) && !_hour.IsFull(now, _hour.Limit),
            _ => !_minute.IsFull(now, _minute.Limit) && !_hour.IsFull(now, _hour.Limit),
        };
    }

    private void Take(DateTimeOffset now)
    {
        _minute.Record(now);
        _hour.Record(now);
        if (_serverRemaining is { } remaining)
        {
            _serverRemaining = remaining - 1;
        }
    }

    /// <summary>When a caller of <paramref name="priority"/> refused now gets its slot, after everyone already booked ahead of it.</summary>
    private DateTimeOffset NextAvailableLocked(DateTimeOffset now, RequestPriority priority)
    {
        var next = now > _blockedUntil ? now : _blockedUntil;
        IReadOnlyList<DateTimeOffset> ahead = _bookedNormal;
        int minuteLimit = _minute.Limit, hourLimit = _hour.Limit;
        if (priority != RequestPriority.Normal)
        {
            // Behind every normal booking (and, for background, every poll booking): they are served first.
            ahead = priority == RequestPriority.Poll
                ? Merge(_bookedNormal, _bookedPoll)
                : Merge(Merge(_bookedNormal, _bookedPoll), _bookedBackground);
            var last = priority == RequestPriority.Poll ? Last(_bookedNormal) : Max(Last(_bookedNormal), Last(_bookedPoll));
            if (last > next)
            {
                next = last;
            }
        }

        if (priority == RequestPriority.Background)
        {
            minuteLimit = BackgroundLimit(minuteLimit);
            hourLimit = BackgroundLimit(hourLimit);
        }

        if (_serverRemaining is { } remaining && remaining - ahead.Count <= 0 && _serverResetAt > next)
        {
            next = _serverResetAt;
        }

        var minuteFree = _minute.NextFree(now, minuteLimit, ahead);
        if (minuteFree > next)
        {
            next = minuteFree;
        }

        var hourFree = _hour.NextFree(now, hourLimit, ahead);
        return hourFree > next ? hourFree : next;
    }

    private static DateTimeOffset Last(List<DateTimeOffset> booked) => booked.Count > 0 ? booked[^1] : DateTimeOffset.MinValue;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static List<DateTimeOffset> Merge(List<DateTimeOffset> first, List<DateTimeOffset> second)
    {
        var merged = new List<DateTimeOffset>(first.Count + second.Count);
        merged.AddRange(first);
        merged.AddRange(second);
        merged.Sort();
        return merged;
    }

    private static void Book(List<DateTimeOffset> booked, DateTimeOffset at)
    {
        var index = booked.BinarySearch(at);
        booked.Insert(index < 0 ? ~index : index + 1, at);
    }

    private void PruneBookings(DateTimeOffset now)
    {
        var expired = now - BookingGrace;
        Prune(_bookedNormal, expired);
        Prune(_bookedPoll, expired);
        Prune(_bookedBackground, expired);

        static void Prune(List<DateTimeOffset> booked, DateTimeOffset expired)
        {
            var stale = 0;
            while (stale < booked.Count && booked[stale] < expired)
            {
                stale++;
            }

            if (stale > 0)
            {
                booked.RemoveRange(0, stale);
            }
        }
    }
}
