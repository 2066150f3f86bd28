using System.Threading.Channels;
using Backups.Operator.Kubernetes.Client;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Events;

/// <summary>
/// <see cref="IEventRecorder"/> writing core/v1 Events from a bounded channel on a background loop. The first occurrence
/// creates an event named <c>{object}.{hex unix nanoseconds}{hex sequence}</c>; repeats within the aggregation window merge-patch its
/// <c>count</c> and <c>lastTimestamp</c> (client-go's legacy recorder behaviour). Write failures are logged and dropped.
/// </summary>
internal sealed partial class EventRecorder : BackgroundService, IEventRecorder
{
    private const int MaxMessageLength = 1024;
    private readonly Channel<PendingEvent> _channel;
    private readonly IResourceClient<Corev1Event> _client;
    private readonly EventRecorderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, RecordedEvent> _recorded = [];
    private readonly LinkedList<string> _recency = new();
    private long _dropped;
    private long _written;
    private long _sequence;

    public EventRecorder(IResourceClient<Corev1Event> client, IOptions<EventRecorderOptions> options, TimeProvider timeProvider, ILogger<EventRecorder> logger)
    {
        _client = client;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _channel = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>Events dropped because the queue was full or the write failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Successful creates and count updates.</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Record(IKubernetesObject<V1ObjectMeta> involved, EventType type, string reason, string message)
    {
        try
        {
            if (involved?.Metadata?.Name is null)
            {
                return;
            }

            var pending = new PendingEvent(Reference(involved), type, reason, Truncate(message), _timeProvider.GetUtcNow());
            if (!_channel.Writer.TryWrite(pending))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _dropped);
            Log.RecordFailed(_logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pending in _channel.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await WriteAsync(pending, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var key = $"{pending.Involved.Uid}/{pending.Involved.NamespaceProperty}/{pending.Involved.Name}/{pending.Type}/{pending.Reason}/{pending.Message}";
        try
        {
            if (_recorded.TryGetValue(key, out var recorded) && pending.Time - recorded.LastSeen < _options.AggregationWindow)
            {
                var count = recorded.Count + 1;
                var patch = new V1Patch(
                    $$"""{"count":{{count}},"lastTimestamp":"{{pending.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}"}""",
                    V1Patch.PatchType.MergePatch);
                try
                {
                    await _client.PatchAsync(recorded.Namespace, recorded.Name, patch, cancellationToken).ConfigureAwait(false);
                    Remember(key, recorded with { Count = count, LastSeen = pending.Time });
                    Interlocked.Increment(ref _written);
                    return;
                }
                catch (Exception e) when (ApiErrors.IsNotFound(e))
                {
                    // The event expired on the server; create a new one below.
                }
            }

            var created = await _client.CreateAsync(Build(pending), cancellationToken).ConfigureAwait(false);
            Remember(key, new RecordedEvent(created.Metadata.NamespaceProperty, created.Metadata.Name, 1, pending.Time));
            Interlocked.Increment(ref _written);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _dropped);
            Log.WriteFailed(_logger, pending.Reason, pending.Involved.Kind, pending.Involved.Name, e);
        }
    }

    private Corev1Event Build(PendingEvent pending)
    {
        // metav1.Time has second precision (the API server drops fractions); keep first and last comparable.
        var time = new DateTime(pending.Time.UtcTicks - (pending.Time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var @namespace = string.IsNullOrEmpty(pending.Involved.NamespaceProperty) ? "default" : pending.Involved.NamespaceProperty;
        var nanoseconds = (pending.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

        // client-go names events {object}.{unix nanoseconds}; a per-recorder sequence keeps two events about one object
        // at the same instant (a coarse or fake clock) from colliding with 409 AlreadyExists.
        var sequence = Interlocked.Increment(ref _sequence);
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{pending.Involved.Name}.{nanoseconds:x}{sequence & 0xfff:x3}", NamespaceProperty = @namespace },
            InvolvedObject = pending.Involved,
            Type = pending.Type.ToString(),
            Reason = pending.Reason,
            Message = pending.Message,
            Count = 1,
            FirstTimestamp = time,
            LastTimestamp = time,
            Source = new V1EventSource { Component = _options.Component },
            ReportingComponent = _options.Component,
            ReportingInstance = _options.Instance.Length > 128 ? _options.Instance[..128] : _options.Instance,
        };
    }

    private void Remember(string key, RecordedEvent recorded)
    {
        if (!_recorded.ContainsKey(key))
        {
            _recency.AddLast(key);
            if (_recency.Count > _options.CacheSize)
            {
                _recorded.Remove(_recency.First!.Value);
                _recency.RemoveFirst();
            }
        }

        _recorded[key] = recorded;
    }

    private static V1ObjectReference Reference(IKubernetesObject<V1ObjectMeta> obj) => new()
    {
        ApiVersion = obj.ApiVersion,
        Kind = obj.Kind,
        Name = obj.Metadata.Name,
        NamespaceProperty = obj.Metadata.NamespaceProperty,
        Uid = obj.Metadata.Uid,
        ResourceVersion = obj.Metadata.ResourceVersion,
    };

    private static string Truncate(string message) =>
        message is null ? string.Empty : message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];

    private sealed record PendingEvent(V1ObjectReference Involved, EventType Type, string Reason, string Message, DateTimeOffset Time);

    private sealed record RecordedEvent(string? Namespace, string Name, int Count, DateTimeOffset LastSeen);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Recording an event failed")]
        public static partial void RecordFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Writing event {Reason} about {Kind} {Name} failed; dropped")]
        public static partial void WriteFailed(ILogger logger, string reason, string kind, string name, Exception exception);
    }
}
