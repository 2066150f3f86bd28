using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backups.Operator.Controllers.Backups;

/// <summary>Registers the Backup controller.</summary>
public static class BackupReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BackupReconcilerMemory"/>, the <see cref="MissingSnapshotVerdicts"/> shared with the policy controller and the Backup controller with <see cref="BackupReconciler.Configure"/>'s
    /// watches; <paramref name="configure"/> runs after it (e.g. MaxConcurrentReconciles).
    /// </summary>
    public static IServiceCollection AddBackupController(this IServiceCollection services, Action<ControllerOptions<Backup>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<BackupReconcilerMemory>();

        // One instance for the watch below and for the policy controller that fills it (registered last, so it is the one
        // resolved; AddPolicyController only adds its own when this was not called first).
        var verdicts = new MissingSnapshotVerdicts();
        services.AddSingleton(verdicts);
        services.AddController<Backup, BackupReconciler>(options =>
        {
            BackupReconciler.Configure(options, verdicts);
            configure?.Invoke(options);
        });
        return services;
    }
}
