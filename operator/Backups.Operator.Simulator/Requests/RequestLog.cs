namespace Backups.Operator.Simulator.Requests;

/// <summary>One API request as the simulator answered it.</summary>
public sealed record RequestLogEntry(DateTimeOffset Time, string Operation, string Method, string Path, int StatusCode, string? AccountUuid);

/// <summary>Counts of one operation: all requests and per status code.</summary>
public sealed record OperationCount(int Total, IReadOnlyDictionary<int, int> ByStatus);

/// <summary>Every API request (admin requests excluded) with counts per operation; thread-safe.</summary>
public sealed class RequestLog(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<RequestLogEntry> _entries = new();
    private readonly Dictionary<string, Dictionary<int, int>> _counts = new(StringComparer.Ordinal);
    private int _total;
    private int _inFlight;
    private int _delayed;

    /// <summary>API requests being handled right now (for tests that wait until a slow request has arrived).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Requests held by a <c>slow</c> fault right now (their delay timer exists: advancing a fake clock releases them).</summary>
    public int Delayed => Volatile.Read(ref _delayed);

    internal void BeginDelay() => Interlocked.Increment(ref _delayed);

    internal void EndDelay() => Interlocked.Decrement(ref _delayed);

    internal void BeginRequest() => Interlocked.Increment(ref _inFlight);

    internal void EndRequest() => Interlocked.Decrement(ref _inFlight);

    public void Record(RequestLogEntry entry)
    {
        lock (_lock)
        {
            _total++;
            if (!_counts.TryGetValue(entry.Operation, out var byStatus))
            {
                byStatus = [];
                _counts.Add(entry.Operation, byStatus);
            }

            byStatus[entry.StatusCode] = byStatus.GetValueOrDefault(entry.StatusCode) + 1;
            if (capacity > 0)
            {
                if (_entries.Count >= capacity)
                {
                    _entries.Dequeue();
                }

                _entries.Enqueue(entry);
            }
        }
    }

    /// <summary>Requests of one operation (0 when none).</summary>
    public int CountFor(string operation)
    {
        lock (_lock)
        {
            return _counts.TryGetValue(operation, out var byStatus) ? byStatus.Values.Sum() : 0;
        }
    }

    public IReadOnlyDictionary<string, OperationCount> Counts()
    {
        lock (_lock)
        {
            return _counts.ToDictionary(
                kv => kv.Key,
                kv => new OperationCount(kv.Value.Values.Sum(), new Dictionary<int, int>(kv.Value)),
                StringComparer.Ordinal);
        }
    }

    /// <summary>The latest entries, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Entries()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _entries.Clear();
            _counts.Clear();
            _total = 0;
        }
    }
}
