using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Informers;

/// <summary>
/// A server that accepts watches and closes them at once, without a line, is not healthy: from the third such watch in a
/// row the informer counts as failing, which readiness and <c>informer_stuck</c> read (docs/kubernetes-runtime.md,
/// "Informer health").
/// </summary>
public sealed class EmptyWatchTests
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Watches_that_keep_ending_without_a_line_make_the_informer_stuck_until_a_line_arrives()
    {
        var client = new EmptyWatchClient();
        await using var informer = await StartSyncedAsync(client);

        await Eventually.HoldsAsync(() => Problem(informer) is not null, "stuck while every watch ends empty");
        Problem(informer).Should().Contain("cannot list or watch");
        informer.Statistics.Errors.Should().BeGreaterThanOrEqualTo(1);
        client.Watches.Should().BeGreaterThanOrEqualTo(EmptyWatchesBeforeFailing());

        client.SendBookmarks = true;
        await Eventually.HoldsAsync(() => Problem(informer) is null, "healthy again once a watch carries a line");
    }

    [Fact]
    public async Task Two_empty_watches_in_a_row_are_not_a_failure()
    {
        var client = new EmptyWatchClient { EmptyWatchesBeforeEachLine = EmptyWatchesBeforeFailing() - 1 };
        await using var informer = await StartSyncedAsync(client);

        await Eventually.HoldsAsync(() => client.Watches >= 30, "many watches, two empty ones between every watch with a line");

        informer.Statistics.Errors.Should().Be(0);
        informer.FailingSince.Should().BeNull();
    }

    private static async Task<Informer<V1ConfigMap>> StartSyncedAsync(EmptyWatchClient client)
    {
        var informer = new Informer<V1ConfigMap>(
            client,
            new InformerOptions { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50), StuckAfter = StuckAfter },
            TimeProvider.System,
            NullLogger<Informer<V1ConfigMap>>.Instance);
        informer.Start();
        await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return informer;
    }

    private static int EmptyWatchesBeforeFailing() => Informer<V1ConfigMap>.EmptyWatchesBeforeFailing;

    private static string? Problem(IInformerStatus informer) => InformerHealth.Problem(informer, DateTimeOffset.UtcNow, StuckAfter);

    /// <summary>Lists nothing; every watch ends at once, with a bookmark only when asked to.</summary>
    private sealed class EmptyWatchClient : IResourceClient<V1ConfigMap>
    {
        private int _watches;
        private volatile bool _sendBookmarks;

        public int Watches => Volatile.Read(ref _watches);

        public bool SendBookmarks
        {
            get => _sendBookmarks;
            set => _sendBookmarks = value;
        }

        /// <summary>When set, every (n+1)-th watch carries a bookmark and the n before it end empty.</summary>
        public int? EmptyWatchesBeforeEachLine { get; init; }

        public Task<ResourceList<V1ConfigMap>> ListAsync(string? @namespace, ListOptions? options, CancellationToken cancellationToken) =>
            Task.FromResult(new ResourceList<V1ConfigMap>([], "1", null));

        public async IAsyncEnumerable<ResourceWatchEvent<V1ConfigMap>> WatchEventsAsync(
            string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var watch = Interlocked.Increment(ref _watches);
            await Task.Yield();
            var line = SendBookmarks || (EmptyWatchesBeforeEachLine is { } n && watch % (n + 1) == 0);
            if (line)
            {
                yield return new ResourceWatchEvent<V1ConfigMap>(WatchEventType.Bookmark, null, null, "1");
            }
        }

        public Task<V1ConfigMap?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<V1ConfigMap> CreateAsync(V1ConfigMap obj, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CreateResult<V1ConfigMap>> TryCreateAsync(V1ConfigMap obj, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<V1ConfigMap> UpdateAsync(V1ConfigMap obj, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<V1ConfigMap> PatchAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<V1ConfigMap> PatchStatusAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string? @namespace, string name, PropagationPolicy? propagationPolicy, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<(WatchEventType Type, V1ConfigMap Object)> WatchAsync(
            string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
