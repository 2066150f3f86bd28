using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Backups.Operator.ApiServer.Tests.Infrastructure;

/// <summary>Runs a KubernetesClient watch in the background and records what it delivers.</summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(WatchEventType Type, JsonObject Object)> _events = new();
    private readonly ConcurrentQueue<Exception> _errors = new();

    private WatchRecorder(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, object)>> watch)
    {
        Completion = Task.Run(async () =>
        {
            await foreach (var (type, item) in watch(_errors.Enqueue, _stop.Token))
            {
                _events.Enqueue((type, JsonNode.Parse(((JsonElement)item).GetRawText())!.AsObject()));
            }
        });
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Completion { get; }

    public IReadOnlyList<(WatchEventType Type, JsonObject Object)> Events => [.. _events];

    public IReadOnlyList<Exception> Errors => [.. _errors];

    public static WatchRecorder Backups(IKubernetes client, string? resourceVersion, bool bookmarks = false, string? labelSelector = null, int? timeoutSeconds = null) =>
        new((onError, ct) => client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            TestServers.Group, TestServers.CrVersion, "default", TestServers.BackupsPlural,
            allowWatchBookmarks: bookmarks, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
            onError: onError, cancellationToken: ct));

    public IEnumerable<string> Describe() => Events.Select(e => $"{e.Type} {e.Object["metadata"]?["name"]}");

    public Task WaitForAsync(int count, string because) =>
        TestServers.EventuallyAsync(() => Task.FromResult(_events.Count >= count || Completion.IsFaulted), because);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Stopping the watch is the point.
        }

        _stop.Dispose();
    }
}
