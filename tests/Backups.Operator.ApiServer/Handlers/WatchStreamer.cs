using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Faults;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Selectors;
using Backups.Operator.ApiServer.Storage;
using Backups.Operator.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>
/// Streams a watch: chunked JSON lines <c>{"type":..,"object":..}</c>, flushed as soon as the queued events are
/// written; ADDED/MODIFIED/DELETED (with selector transitions), periodic BOOKMARKs when asked (and the
/// <c>k8s.io/initial-events-end</c> bookmark of a <c>sendInitialEvents=true</c> watch-list), and an ERROR
/// event carrying a 410 Expired Status when the requested resourceVersion is older than the retained history.
/// </summary>
internal sealed class WatchStreamer
{
    private readonly ObjectStore _store;
    private readonly ApiServerFaults _faults;
    private readonly TimeProvider _time;
    private readonly TimeSpan _bookmarkInterval;
    private readonly TimeSpan _defaultTimeout;

    public WatchStreamer(ObjectStore store, ApiServerFaults faults, TimeProvider time, TimeSpan bookmarkInterval, TimeSpan defaultTimeout)
    {
        _store = store;
        _faults = faults;
        _time = time;
        _bookmarkInterval = bookmarkInterval;
        _defaultTimeout = defaultTimeout;
    }

    public async Task StreamAsync(HttpContext context, ResourceType type, ResourceTypeVersion version, string? ns, RequestQuery query, CancellationToken cancellationToken)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var table = query.WantsTable;
        var sendInitialEvents = query.Flag("sendInitialEvents");
        long? from = query["resourceVersion"] switch
        {
            _ when sendInitialEvents => null,
            null or "" or "0" => null,
            var text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var text => throw StatusObjects.BadRequest($"invalid resource version: {text}"),
        };

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        var writer = context.Response.BodyWriter;
        WatchSubscription subscription;
        try
        {
            if (_faults.TakeWatchExpiry())
            {
                throw StatusObjects.Expired($"too old resource version: {from ?? 0} ({_store.Revision}) (injected fault)");
            }

            subscription = _store.Watch(type.Key, ns, from, markInitialEventsEnd: sendInitialEvents);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            WriteLine(writer, "ERROR", JsonSerializer.SerializeToUtf8Bytes(e.ToStatus()));
            await writer.FlushAsync(cancellationToken);
            return;
        }

        using (subscription)
        {
            await context.Response.StartAsync(cancellationToken);
            var timeout = query.Int("timeoutSeconds") is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : _defaultTimeout;
            using var timeoutSource = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, subscription.Closed, timeoutSource.Token);
            using var bookmarks = query.Flag("allowWatchBookmarks")
                ? _time.CreateTimer(_ => _store.Bookmark(subscription), null, _bookmarkInterval, _bookmarkInterval)
                : null;
            var reader = subscription.Items.Reader;
            var headersSent = false;
            try
            {
                while (await reader.WaitToReadAsync(linked.Token))
                {
                    while (reader.TryRead(out var item))
                    {
                        if (item.Event is null)
                        {
                            WriteLine(writer, "BOOKMARK", Bookmark(type, version.Name, item.BookmarkVersion, item.InitialEventsEnd));
                            continue;
                        }

                        var eventType = Translate(item.Event, ns, labels, fields);
                        if (eventType is null)
                        {
                            continue;
                        }

                        var payload = table
                            ? JsonSerializer.SerializeToUtf8Bytes(TableConverter.Table(version, [item.Event.Object], query.IncludeObject, withHeaders: !headersSent, new JsonObject { ["resourceVersion"] = item.Event.ResourceVersion.ToString(CultureInfo.InvariantCulture) }, _time.GetUtcNow()))
                            : Payload(item.Event.Object, type, version.Name);
                        headersSent = true;
                        WriteLine(writer, eventType, payload);
                    }

                    var flushed = await writer.FlushAsync(linked.Token);
                    if (flushed.IsCompleted)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Client went away, the timeout passed, or the server closed the watch: end the stream.
            }
        }
    }

    private static string? Translate(StoreEvent change, string? ns, LabelSelector labels, FieldSelector fields)
    {
        if (ns is not null && change.Object.Namespace != ns)
        {
            return null;
        }

        bool Matches(StoredObject? item) => item is not null && labels.Matches(item.Object) && fields.Matches(item.Object);

        if (labels.IsEverything && fields.IsEverything)
        {
            return Name(change.Type);
        }

        var now = Matches(change.Object);
        return change.Type switch
        {
            StoreEventType.Added => now ? "ADDED" : null,
            StoreEventType.Deleted => Matches(change.Previous) || now ? "DELETED" : null,
            _ => (Matches(change.Previous), now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
        };
    }

    private static string Name(StoreEventType type) => type switch
    {
        StoreEventType.Added => "ADDED",
        StoreEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    private static byte[] Payload(StoredObject item, ResourceType type, string version)
    {
        if (version == type.StorageVersion)
        {
            return item.Json;
        }

        var copy = item.CloneObject();
        copy["apiVersion"] = type.ApiVersion(version);
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    private static byte[] Bookmark(ResourceType type, string version, long revision, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.ApiVersion(version),
            ["metadata"] = metadata,
        });
    }

    private static void WriteLine(PipeWriter writer, string type, byte[] payload)
    {
        writer.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"));
        writer.Write(payload);
        writer.Write("}\n"u8);
    }
}
