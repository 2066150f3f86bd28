using System.Collections.Concurrent;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// Creates informers on demand and runs them while the host runs. Informers run on every replica (leader or not), so a
/// standby has a warm cache when it takes over.
/// </summary>
internal sealed class SharedInformerFactory : IInformerFactory, IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, Lazy<IStartableInformer>> _informers = new();
    private readonly IServiceProvider _services;
    private readonly InformerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lock _gate = new();
    private bool _started;
    private int _disposed;

    public SharedInformerFactory(IServiceProvider services, IOptions<InformerOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _services = services;
        _options = options.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _metrics = services.GetService<OperatorMetrics>();
        _metrics?.Registry.AddBeforeCollectCallback(UpdateStuckGauges);
    }

    private readonly OperatorMetrics? _metrics;

    public IReadOnlyList<IInformerStatus> Informers => [.. _informers.Values.Where(v => v.IsValueCreated).Select(v => (IInformerStatus)v.Value)];

    public IInformer<T> GetInformer<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = _informers.GetOrAdd(typeof(T), _ => new Lazy<IStartableInformer>(() => new StartableInformer<T>(
            new Informer<T>(
                _services.GetRequiredService<IResourceClient<T>>(), _options, _timeProvider, _loggerFactory.CreateLogger<Informer<T>>(),
                undecodable => OnUndecodable(ResourceType.Of<T>(), undecodable))))).Value;
        lock (_gate)
        {
            if (_started)
            {
                informer.Start();
            }
        }

        return ((StartableInformer<T>)informer).Informer;
    }

    /// <summary>
    /// An object an informer skipped: counted, and a Warning Event on it when its name is known, so the tenant who owns it
    /// sees why the operator ignores it (docs/kubernetes-runtime.md, "Undecodable objects").
    /// </summary>
    private void OnUndecodable(ResourceType type, UndecodableObject undecodable)
    {
        _metrics?.InformerUndecodableObjects.WithLabels(type.DisplayName).Inc();
        if (undecodable.Name is null || _services.GetService<IEventRecorder>() is not { } events)
        {
            return;
        }

        var involved = new ObjectReference
        {
            ApiVersion = type.ApiVersionString,
            Kind = type.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = undecodable.Name,
                NamespaceProperty = undecodable.Namespace,
                Uid = undecodable.Uid,
                ResourceVersion = undecodable.ResourceVersion,
            },
        };
        events.Record(
            involved,
            EventType.Warning,
            "Undecodable",
            $"The operator cannot read this {type.Kind} ({undecodable.Error}) and ignores it until it is fixed or deleted.");
    }

    private void UpdateStuckGauges()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var informer in Informers)
        {
            _metrics!.InformerStuck.WithLabels(informer.Resource).Set(InformerHealth.Problem(informer, now, _options.StuckAfter) is null ? 0 : 1);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started = true;
            foreach (var informer in _informers.Values)
            {
                informer.Value.Start();
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started = false;
        }

        await Task.WhenAll(_informers.Values.Select(i => i.Value.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered under two service types, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var informer in _informers.Values)
        {
            await informer.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private interface IStartableInformer : IInformerStatus, IAsyncDisposable
    {
        void Start();

        Task StopAsync(CancellationToken cancellationToken);
    }

    private sealed class StartableInformer<T>(Informer<T> informer) : IStartableInformer
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public Informer<T> Informer => informer;

        public string Resource => informer.Resource;

        public bool HasSynced => informer.HasSynced;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => informer.WaitForSyncAsync(cancellationToken);

        public bool IsRunning => informer.IsRunning;

        public DateTimeOffset LastActivity => informer.LastActivity;

        public InformerStatistics Statistics => informer.Statistics;

        public DateTimeOffset? FailingSince => informer.FailingSince;

        public void Start() => informer.Start();

        public Task StopAsync(CancellationToken cancellationToken) => informer.StopAsync(cancellationToken);

        public ValueTask DisposeAsync() => informer.DisposeAsync();
    }
}
