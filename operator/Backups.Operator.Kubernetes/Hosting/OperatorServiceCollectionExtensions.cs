using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Configuration;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Controllers.Expectations;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Health;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.LeaderElection;
using Backups.Operator.Kubernetes.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Hosting;

/// <summary>DI wiring of the runtime and its controllers.</summary>
public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: the Kubernetes client (in-cluster / kubeconfig, never localhost:8080), typed clients for every kind
    /// (<see cref="IResourceClient{T}"/>), shared informers, leader election, the event recorder, health checks, metrics and
    /// the endpoints server. Options come from the <c>Operator</c> configuration section, then <paramref name="configure"/>,
    /// and are validated at start-up.
    /// </summary>
    public static IServiceCollection AddOperatorRuntime(this IServiceCollection services, Action<OperatorRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<OperatorRuntimeOptions>().BindConfiguration(OperatorRuntimeOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorRuntimeOptions>, OperatorRuntimeOptionsValidator>());
        services.AddSingleton<IOptions<LeaderElectionOptions>>(sp => Options.Create(Root(sp).LeaderElection));
        services.AddSingleton<IOptions<InformerOptions>>(sp => Options.Create(Root(sp).Informers));
        services.AddSingleton<IOptions<EventRecorderOptions>>(sp => Options.Create(Root(sp).Events));
        services.AddSingleton<IOptions<ResourceClientOptions>>(sp => Options.Create(Root(sp).Client));
        services.AddSingleton<IOptions<WriteExpectationOptions>>(sp => Options.Create(Root(sp).WriteExpectations));
        services.AddOptions<HostOptions>().Configure<IOptions<OperatorRuntimeOptions>>((host, root) => host.ShutdownTimeout = root.Value.ShutdownTimeout);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(sp =>
        {
            var root = Root(sp);
            var configuration = root.ClientConfiguration ?? KubernetesConfigurationLoader.Load(root.Kubeconfig);
            return new k8s.Kubernetes(configuration);
        });

        // Every write through IResourceClient<T> records what the cache must show before the object is reconciled again
        // (docs/kubernetes-runtime.md, "Own writes and the cache").
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ResourceClient<>), typeof(ResourceClient<>)));
        services.TryAdd(ServiceDescriptor.Singleton(typeof(WriteExpectations<>), typeof(WriteExpectations<>)));
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IResourceClient<>), typeof(ExpectingResourceClient<>)));
        services.TryAddSingleton<OperatorMetrics>();

        // Hosted services stop in reverse order: controllers (added later) stop first, then the event recorder, leader
        // election (which releases the lease), the informers and finally the endpoints.
        services.TryAddSingleton<OperatorEndpoints>();
        services.AddHostedService(sp => sp.GetRequiredService<OperatorEndpoints>());
        services.TryAddSingleton<SharedInformerFactory>();
        services.TryAddSingleton<IInformerFactory>(sp => sp.GetRequiredService<SharedInformerFactory>());
        services.AddHostedService(sp => sp.GetRequiredService<SharedInformerFactory>());
        services.TryAddSingleton<LeaseLeaderElection>();
        services.TryAddSingleton<ILeaderElection>(sp => Root(sp).LeaderElection.Enabled
            ? sp.GetRequiredService<LeaseLeaderElection>()
            : new AlwaysLeader());
        services.AddHostedService<LeaderElectionRunner>();
        services.TryAddSingleton<EventRecorder>();
        services.TryAddSingleton<IEventRecorder>(sp => sp.GetRequiredService<EventRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<EventRecorder>());

        // The health check service logs every unhealthy probe at error level, including the expected ones before the
        // caches sync; OperatorEndpoints logs one line per readiness change instead (docs/kubernetes-runtime.md, "Informer health").
        services.AddLogging(logging => logging.AddFilter(HealthCheckServiceCategory, LogLevel.Critical));
        services.AddHealthChecks()
            .AddCheck<LoopsAliveHealthCheck>("loops", tags: [OperatorEndpoints.LiveTag])
            .AddCheck<InformersSyncedHealthCheck>("informers", tags: [OperatorEndpoints.ReadyTag])
            .AddCheck<LeaderElectionHealthCheck>("leader-election", tags: [OperatorEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// Adds a controller of <typeparamref name="T"/> running <typeparamref name="TReconciler"/> (resolved from a new DI scope
    /// per reconcile) while this process leads. Configure workers, predicates and secondary watches in <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddController<T, TReconciler>(this IServiceCollection services, Action<ControllerOptions<T>>? configure = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TReconciler : class, IReconciler<T>
    {
        ArgumentNullException.ThrowIfNull(services);

        // Hosted services stop in reverse registration order: controllers must come after the runtime so they stop (and
        // drain) before leader election releases the lease and the informers stop.
        if (!services.Any(d => d.ServiceType == typeof(OperatorMetrics)))
        {
            throw new InvalidOperationException("Call AddOperatorRuntime() before AddController<T, TReconciler>().");
        }

        var options = new ControllerOptions<T>();
        configure?.Invoke(options);
        if (options.MaxConcurrentReconciles < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), "MaxConcurrentReconciles must be at least 1.");
        }

        services.TryAddScoped<TReconciler>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Controller<T, TReconciler>>(sp, options));
        services.AddSingleton<IControllerStatus>(sp => sp.GetRequiredService<Controller<T, TReconciler>>());
        services.AddHostedService(sp => sp.GetRequiredService<Controller<T, TReconciler>>());
        return services;
    }

    /// <summary>The logging category of the health check service's per-probe lines.</summary>
    public const string HealthCheckServiceCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    private static OperatorRuntimeOptions Root(IServiceProvider services) => services.GetRequiredService<IOptions<OperatorRuntimeOptions>>().Value;
}
