using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>DI wiring of the BackupVerification controller.</summary>
public static class VerificationServiceCollectionExtensions
{
    /// <summary>Adds the controller, its options (section <c>Verification</c>, validated at start-up), prober, slots and metrics.</summary>
    public static IServiceCollection AddVerificationController(this IServiceCollection services, IConfiguration configuration, int workers)
    {
        services.AddOptions<VerificationOptions>().Bind(configuration.GetSection(VerificationOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VerificationOptions>, VerificationOptionsValidator>());
        services.TryAddSingleton<VerificationSlots>();
        services.TryAddSingleton<VerificationMetrics>();
        services.TryAddSingleton<IVerificationProber, VerificationProber>();
        services.TryAddSingleton<VerificationDropletSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<VerificationDropletSweeper>());
        services.AddController<BackupVerification, BackupVerificationReconciler>(options =>
        {
            BackupVerificationReconciler.Configure(options);
            options.MaxConcurrentReconciles = workers;
        });
        return services;
    }
}
