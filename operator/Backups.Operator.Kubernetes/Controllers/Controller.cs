using System.Diagnostics;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers.Expectations;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.LeaderElection;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Kubernetes.Queue;
using Backups.Operator.Kubernetes.Queue.RateLimiting;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>
/// Runs one reconciler (controller-runtime <c>pkg/internal/controller</c>): while this process leads it waits for the
/// informers to sync, turns their events into keys on a rate-limited work queue, and runs N workers that reconcile keys
/// one at a time each, mapping results and errors as controller-runtime does. Losing leadership stops intake, clears the
/// queue and cancels in-flight reconciles; a graceful stop lets in-flight reconciles finish until the host's shutdown
/// budget runs out.
/// </summary>
internal sealed partial class Controller<T, TReconciler> : IHostedService, IControllerStatus, IDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TReconciler : class, IReconciler<T>
{
    private readonly ControllerOptions<T> _options;
    private readonly IInformerFactory _informers;
    private readonly ILeaderElection _leaderElection;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly OperatorMetrics _metrics;
    private readonly WorkQueue<ObjectKey> _queue;
    private readonly WriteExpectations<T> _expectations;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _run;
    private long _reconciles;

    public Controller(
        ControllerOptions<T> options,
        IInformerFactory informers,
        ILeaderElection leaderElection,
        IServiceScopeFactory scopes,
        OperatorMetrics metrics,
        WriteExpectations<T> expectations,
        TimeProvider timeProvider,
        ILogger<Controller<T, TReconciler>> logger)
    {
        _expectations = expectations;
        _options = options;
        _informers = informers;
        _leaderElection = leaderElection;
        _scopes = scopes;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = new WorkQueue<ObjectKey>(DefaultControllerRateLimiter.Create<ObjectKey>(timeProvider), timeProvider, new WorkQueueMetrics(metrics, options.Name));
        metrics.MaxConcurrentReconciles.WithLabels(options.Name).Set(options.MaxConcurrentReconciles);
        metrics.ActiveWorkers.WithLabels(options.Name).Set(0);

        // Publish every series at zero from the start, as controller-runtime does, so rates and alerts work before the first error.
        metrics.ReconcileErrors.WithLabels(options.Name).Inc(0);
        metrics.TerminalReconcileErrors.WithLabels(options.Name).Inc(0);
        metrics.ReconcilePanics.WithLabels(options.Name).Inc(0);
        metrics.ReconcileTimeouts.WithLabels(options.Name).Inc(0);
        metrics.StaleReconcilesSkipped.WithLabels(options.Name).Inc(0);
        foreach (var result in new[] { "success", "error", "requeue", "requeue_after" })
        {
            metrics.ReconcileTotal.WithLabels(options.Name, result).Inc(0);
        }
        metrics.Registry.AddBeforeCollectCallback(UpdateInFlightGauges);
    }

    public string Name => _options.Name;

    public bool IsRunning => _run is { IsCompleted: false };

    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>The controller's queue (tests and measurements).</summary>
    internal WorkQueue<ObjectKey> Queue => _queue;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Create the informers now so the factory starts them with the host.
        _informers.GetInformer<T>();
        foreach (var watch in _options.SecondaryWatches)
        {
            watch.EnsureInformer(_informers);
        }

        foreach (var read in _options.CacheReads)
        {
            read.EnsureInformer(_informers);
        }

        _run = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_run is null)
        {
            return;
        }

        try
        {
            await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown budget ran out: cancel whatever is still reconciling.
            Log.ShutdownBudgetExceeded(_logger, Name);
            _abort.Cancel();
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _queue.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            CancellationToken leading;
            try
            {
                leading = await _leaderElection.WaitForLeadershipAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await LeadAsync(leading, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested || leading.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.ControllerFailed(_logger, Name, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _timeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task LeadAsync(CancellationToken leading, CancellationToken stopping)
    {
        using var intake = CancellationTokenSource.CreateLinkedTokenSource(leading, stopping);
        using var reconcile = CancellationTokenSource.CreateLinkedTokenSource(leading, _abort.Token);

        var primary = _informers.GetInformer<T>();
        using (var syncTimeout = CancellationTokenSource.CreateLinkedTokenSource(intake.Token))
        {
            syncTimeout.CancelAfter(_options.CacheSyncTimeout);
            try
            {
                await primary.WaitForSyncAsync(syncTimeout.Token).ConfigureAwait(false);
                foreach (var watch in _options.SecondaryWatches)
                {
                    await watch.WaitForSync(_informers, syncTimeout.Token).ConfigureAwait(false);
                }

                foreach (var read in _options.CacheReads)
                {
                    await read.WaitForSync(_informers, syncTimeout.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!intake.IsCancellationRequested)
            {
                throw new TimeoutException($"The informers of controller {Name} did not sync within {_options.CacheSyncTimeout}.");
            }
        }

        _expectations.Released += _queue.Add;
        var subscriptions = new List<IDisposable> { primary.AddEventHandler(new PrimaryEventHandler(this)), new Unsubscribe(() => _expectations.Released -= _queue.Add) };
        foreach (var watch in _options.SecondaryWatches)
        {
            subscriptions.Add(watch.Subscribe(_informers, _queue.Add));
        }

        Log.Started(_logger, Name, _options.MaxConcurrentReconciles);
        var workers = Enumerable.Range(0, _options.MaxConcurrentReconciles)
            .Select(_ => Task.Run(() => WorkerAsync(intake.Token, reconcile.Token), CancellationToken.None))
            .ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            // Whatever is queued belongs to the next leader (or the next start); it relists and enqueues everything anyway.
            _queue.Clear();
            Log.Stopped(_logger, Name, leading.IsCancellationRequested && !stopping.IsCancellationRequested);
        }
    }

    private async Task WorkerAsync(CancellationToken intake, CancellationToken reconcile)
    {
        while (!intake.IsCancellationRequested)
        {
            ObjectKey key;
            try
            {
                (key, var shuttingDown) = await _queue.GetAsync(intake).ConfigureAwait(false);
                if (shuttingDown)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ReconcileAsync(key, reconcile).ConfigureAwait(false);
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    /// <summary>
    /// Wakes a key that waits for a cache the moment that cache syncs, whatever the clock does (the timed retry alone
    /// would never fire under a clock that stands still, as a fake one in tests may).
    /// </summary>
    private async Task WakeOnSyncAsync(IInformerStatus informer, ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            _queue.Add(key);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the key is not needed any more.
        }
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Never reconcile against a cache that has not synced (docs/kubernetes-runtime.md, "Cache sync"): the declared
        // informers are synced before the workers start, and this also covers an informer a reconciler created on first
        // use. Such a key waits, without counting as an error.
        if (_informers.Informers.FirstOrDefault(i => !i.HasSynced) is { } unsynced)
        {
            _queue.AddAfter(key, _options.UnsyncedRetryDelay);
            _ = WakeOnSyncAsync(unsynced, key, cancellationToken);
            Log.WaitingForCacheSync(_logger, Name, key, unsynced.Resource);
            _metrics.ReconcileTotal.WithLabels(Name, "requeue_after").Inc();
            return;
        }

        // Never reconcile a copy older than our own last write of the object (docs/kubernetes-runtime.md, "Own writes and
        // the cache"): the informer event carrying that write, a delete, or the expectation timeout wakes the key again.
        var store = _informers.GetInformer<T>().Store;
        if (_expectations.ShouldWait(key, () => store.Get(key)?.Metadata?.ResourceVersion))
        {
            _metrics.StaleReconcilesSkipped.WithLabels(Name).Inc();
            Log.WaitingForOwnWrite(_logger, Name, key);
            return;
        }

        var reconcileId = Guid.NewGuid().ToString();
        var obj = store.Get(key);
        using var scope = _logger.BeginScope(new ReconcileScope(Name, key, reconcileId));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.ReconcileTimeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        var activeWorkers = _metrics.ActiveWorkers.WithLabels(Name);
        activeWorkers.Inc();
        var started = _timeProvider.GetTimestamp();
        string result;
        try
        {
            await using var services = _scopes.CreateAsyncScope();
            var reconciler = services.ServiceProvider.GetRequiredService<TReconciler>();
            var outcome = await reconciler.ReconcileAsync(new ReconcileRequest<T>(key, obj), timeout.Token).ConfigureAwait(false);
            if (outcome.RequeueAfter is { } after && after > TimeSpan.Zero)
            {
                _queue.Forget(key);
                _queue.AddAfter(key, after);
                result = "requeue_after";
            }
            else if (outcome.Requeue)
            {
                _queue.AddRateLimited(key);
                result = "requeue";
            }
            else
            {
                _queue.Forget(key);
                result = "success";
            }
        }
        catch (TerminalException e)
        {
            _queue.Forget(key);
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            _metrics.TerminalReconcileErrors.WithLabels(Name).Inc();
            Log.TerminalError(_logger, Name, key, e);
            result = "error";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or shutdown budget exhausted: the next leader picks the key up again.
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            Log.ReconcileCancelled(_logger, Name, key);
            result = "error";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _queue.AddRateLimited(key);
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            _metrics.ReconcileTimeouts.WithLabels(Name).Inc();
            Log.ReconcileTimedOut(_logger, Name, key, _options.ReconcileTimeout!.Value);
            result = "error";
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            // A stale resourceVersion on a write is routine with optimistic concurrency (docs/kubernetes-runtime.md, "Status
            // and conditions"): retry from the cache with backoff, at Debug, without a stack trace.
            _queue.AddRateLimited(key);
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            Log.ReconcileConflict(_logger, Name, key, _queue.NumRequeues(key));
            result = "error";
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            // The object was deleted between the cache read and the write (e.g. a Backup deleted while Creating): routine,
            // not an error a person must act on. Retry from the cache, which then shows it gone or being finalized.
            _queue.AddRateLimited(key);
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            Log.ReconcileNotFound(_logger, Name, key, _queue.NumRequeues(key));
            result = "error";
        }
        catch (Exception e)
        {
            _queue.AddRateLimited(key);
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            if (IsUnexpected(e))
            {
                _metrics.ReconcilePanics.WithLabels(Name).Inc();
            }

            Log.ReconcileFailed(_logger, Name, key, _queue.NumRequeues(key), e);
            result = "error";
        }
        finally
        {
            activeWorkers.Dec();
            Interlocked.Increment(ref _reconciles);
        }

        _metrics.ReconcileTotal.WithLabels(Name, result).Inc();
        _metrics.ReconcileTime.WithLabels(Name).Observe(_timeProvider.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Exceptions that are bugs rather than API or transport failures (Go's panics).</summary>
    private static bool IsUnexpected(Exception e) =>
        e is not (HttpOperationException or KubernetesException or HttpRequestException or IOException or TimeoutException or OperationCanceledException);

    private void UpdateInFlightGauges()
    {
        var (unfinished, longest) = _queue.InFlightWork();
        _metrics.UnfinishedWork.WithLabels(Name, Name).Set(unfinished.TotalSeconds);
        _metrics.LongestRunningProcessor.WithLabels(Name, Name).Set(longest.TotalSeconds);
    }

    private void EnqueuePrimary(T obj) => _queue.Add(ObjectKey.From(obj));

    private sealed class PrimaryEventHandler(Controller<T, TReconciler> controller) : IResourceEventHandler<T>
    {
        public void OnAdd(T obj)
        {
            controller._expectations.Observe(obj);
            if (controller._options.Predicate.Create(obj))
            {
                controller.EnqueuePrimary(obj);
            }
        }

        public void OnUpdate(T oldObj, T newObj)
        {
            controller._expectations.Observe(newObj);
            if (controller._options.Predicate.Update(oldObj, newObj))
            {
                controller.EnqueuePrimary(newObj);
            }
        }

        public void OnDelete(T obj)
        {
            controller._expectations.ObserveDeleted(ObjectKey.From(obj));
            if (controller._options.Predicate.Delete(obj))
            {
                controller.EnqueuePrimary(obj);
            }
        }
    }

    private sealed class Unsubscribe(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Controller {Controller} started {Workers} workers")]
        public static partial void Started(ILogger logger, string controller, int workers);

        [LoggerMessage(2, LogLevel.Information, "Controller {Controller} stopped its workers (leadership lost: {LeadershipLost})")]
        public static partial void Stopped(ILogger logger, string controller, bool leadershipLost);

        [LoggerMessage(3, LogLevel.Error, "Reconcile of {Key} by {Controller} failed (requeue #{Requeues})")]
        public static partial void ReconcileFailed(ILogger logger, string controller, ObjectKey key, int requeues, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Reconcile of {Key} by {Controller} failed terminally; not requeued")]
        public static partial void TerminalError(ILogger logger, string controller, ObjectKey key, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Reconcile of {Key} by {Controller} timed out after {Timeout}")]
        public static partial void ReconcileTimedOut(ILogger logger, string controller, ObjectKey key, TimeSpan timeout);

        [LoggerMessage(6, LogLevel.Information, "Reconcile of {Key} by {Controller} was cancelled")]
        public static partial void ReconcileCancelled(ILogger logger, string controller, ObjectKey key);

        [LoggerMessage(7, LogLevel.Error, "Controller {Controller} failed; restarting it")]
        public static partial void ControllerFailed(ILogger logger, string controller, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "Controller {Controller} did not finish within the shutdown budget; cancelling reconciles")]
        public static partial void ShutdownBudgetExceeded(ILogger logger, string controller);

        [LoggerMessage(9, LogLevel.Debug, "Reconcile of {Key} by {Controller} waits: the {Resource} cache has not synced")]
        public static partial void WaitingForCacheSync(ILogger logger, string controller, ObjectKey key, string resource);

        [LoggerMessage(10, LogLevel.Debug, "Reconcile of {Key} by {Controller} hit a write conflict (409); retrying from the cache (requeue #{Requeues})")]
        public static partial void ReconcileConflict(ILogger logger, string controller, ObjectKey key, int requeues);

        [LoggerMessage(12, LogLevel.Debug, "Reconcile of {Key} by {Controller} wrote to an object that is gone (404); retrying from the cache (requeue #{Requeues})")]
        public static partial void ReconcileNotFound(ILogger logger, string controller, ObjectKey key, int requeues);

        [LoggerMessage(11, LogLevel.Debug, "Reconcile of {Key} by {Controller} waits: the cache has not delivered the operator's own last write of it yet")]
        public static partial void WaitingForOwnWrite(ILogger logger, string controller, ObjectKey key);
    }
}
