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
    /// Adds <see cref="BackupReconcilerMemory"/> and the Backup controller with <see cref="BackupReconciler.Configure"/>'s
    /// watches; <paramref name="configure"/> runs after it (e.g. MaxConcurrentReconciles).
    /// </summary>
    public static IServiceCollection AddBackupController(this IServiceCollection services, Action<ControllerOptions<Backup>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<BackupReconcilerMemory>();
        services.AddController<Backup, BackupReconciler>(options =>
        {
            BackupReconciler.Configure(options);
            configure?.Invoke(options);
        });
        return services;
    }
}
