using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Controllers.Policies.Orphans;
using Backups.Operator.Controllers.Policies.Verifications;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backups.Operator.Controllers.Policies;

/// <summary>Registers the BackupPolicy controller.</summary>
public static class PolicyReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PolicyCheckMemory"/>, the <see cref="OrphanSweep"/>, the discovery <see cref="IRestMapper"/> and <see cref="IDynamicObjects"/> (for
    /// <c>spec.deploymentRef</c>) and the BackupPolicy controller with <see cref="BackupPolicyReconciler.Configure"/>'s
    /// watches; <paramref name="configure"/> runs after it (e.g. MaxConcurrentReconciles).
    /// </summary>
    public static IServiceCollection AddPolicyController(this IServiceCollection services, Action<ControllerOptions<BackupPolicy>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<PolicyCheckMemory>();
        services.TryAddSingleton<OrphanMetrics>();
        services.TryAddSingleton<MissingSnapshotVerdicts>();
        services.TryAddSingleton<OrphanSweep>();
        services.TryAddSingleton<VerificationMetrics>();
        services.TryAddSingleton<VerificationScheduler>();
        services.TryAddSingleton<IRestMapper, DiscoveryRestMapper>();
        services.TryAddSingleton<IDynamicObjects, DynamicObjects>();
        services.AddController<BackupPolicy, BackupPolicyReconciler>(options =>
        {
            BackupPolicyReconciler.Configure(options);
            configure?.Invoke(options);
        });
        return services;
    }
}
