using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Storage;

namespace Backups.Operator.ApiServer.Faults;

/// <summary>
/// Fault injection for tests: end watches, answer the next watches with 410 Expired, fail a fraction of writes,
/// add latency to every request. All switches are thread-safe and can be changed while the server runs.
/// </summary>
public sealed class ApiServerFaults
{
    private readonly ObjectStore _store;
    private readonly object _gate = new();
    private readonly Random _random;
    private int _expireWatches;
    private double _writeFailureFraction;
    private int _writeFailureStatus = 500;
    private long _failedWrites;
    private long _latencyTicks;
    private readonly HashSet<string> _failingReads = [];

    internal ApiServerFaults(ObjectStore store, int seed)
    {
        _store = store;
        _random = new Random(seed);
    }

    /// <summary>Latency added before every request is handled (waited on the server's TimeProvider).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>How many writes were failed on purpose so far.</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <summary>Ends every open watch stream now (clients see a normal end of stream and re-watch).</summary>
    public void CloseAllWatches() => _store.CloseAllWatches();

    /// <summary>The next <paramref name="count"/> watch requests get an ERROR event with a 410 Expired Status.</summary>
    public void ExpireNextWatches(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Interlocked.Add(ref _expireWatches, count);
    }

    /// <summary>Forgets all retained watch history: any watch from a resourceVersion before now gets 410.</summary>
    public void CompactHistory() => _store.CompactHistory();

    /// <summary>Fails a random <paramref name="fraction"/> (0..1) of create/update/patch/delete requests with 409 or 500.</summary>
    public void FailWrites(double fraction, int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        if (statusCode is not (409 or 500))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "409 or 500");
        }

        lock (_gate)
        {
            _writeFailureFraction = fraction;
            _writeFailureStatus = statusCode;
        }
    }

    /// <summary>
    /// Answers every LIST and WATCH of <paramref name="plural"/> (e.g. <c>widgets</c>) with 500 until
    /// <see cref="StopFailingListsAndWatches"/>: an informer that cannot make progress. Open watches are closed.
    /// </summary>
    public void FailListsAndWatches(string plural)
    {
        ArgumentException.ThrowIfNullOrEmpty(plural);
        lock (_gate)
        {
            _failingReads.Add(plural);
        }

        _store.CloseAllWatches();
    }

    public void StopFailingListsAndWatches(string plural)
    {
        lock (_gate)
        {
            _failingReads.Remove(plural);
        }
    }

    /// <summary>Turns every fault off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _writeFailureFraction = 0;
            _failingReads.Clear();
        }

        Interlocked.Exchange(ref _expireWatches, 0);
        Latency = TimeSpan.Zero;
    }

    internal bool TakeWatchExpiry()
    {
        while (true)
        {
            var current = Volatile.Read(ref _expireWatches);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _expireWatches, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    internal void ThrowIfReadFails(string plural)
    {
        lock (_gate)
        {
            if (!_failingReads.Contains(plural))
            {
                return;
            }
        }

        throw StatusObjects.InternalError($"injected fault: lists and watches of {plural} fail");
    }

    internal void ThrowIfWriteFails()
    {
        int status;
        lock (_gate)
        {
            if (_writeFailureFraction <= 0 || _random.NextDouble() >= _writeFailureFraction)
            {
                return;
            }

            status = _writeFailureStatus;
        }

        Interlocked.Increment(ref _failedWrites);
        throw status == 409
            ? new ApiException(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected fault)")
            : StatusObjects.InternalError("injected fault");
    }
}
