using Backups.Operator.Configuration;
using Backups.Operator.Controllers.Backups;
using Backups.Operator.Controllers.Policies;
using Backups.Operator.Controllers.Restores;
using Backups.Operator.Controllers.Verifications;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.DependencyInjection;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Hosting;

/// <summary>DI wiring of the whole operator host.</summary>
public static class BackupsOperatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the operator: the runtime (section <c>Operator</c>), the DigitalOcean client (section <c>DigitalOcean</c>,
    /// <c>--digitalocean-url</c>), <see cref="BackupsOperatorOptions"/> (section <c>Backups</c>, plus
    /// <c>DIGITALOCEAN_TOKEN</c> and <c>POD_NAMESPACE</c>; validated at start-up), the backup metrics, a
    /// gauges computed at scrape time, a <see cref="TimeProvider"/> (only if none is registered yet, so tests can put a fake one first) and the
    /// BackupPolicy, Backup, BackupRestore and BackupVerification controllers.
    /// </summary>
    public static IServiceCollection AddBackupsOperator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BackupsOperatorOptions>()
            .Bind(configuration.GetSection(BackupsOperatorOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<BackupsOperatorOptions>>(new BackupsOperatorEnvironment(configuration)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackupsOperatorOptions>, BackupsOperatorOptionsValidator>());

        services.AddOperatorRuntime();
        services.AddDigitalOceanClient(options => configuration.GetSection(OperatorFlags.DigitalOceanSection).Bind(options));
        services.AddBackupsDigitalOceanAccess();

        services.TryAddSingleton<BackupMetrics>();
        services.TryAddSingleton<BackupStateMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<BackupStateMetrics>());

        // Worker counts are read here because controllers are registered now; out-of-range values fail start-up through
        // the options' validation (ValidateOnStart), the clamp only keeps the registration itself sane until then.
        var section = configuration.GetSection(BackupsOperatorOptions.SectionName);
        var defaults = new BackupsOperatorOptions();
        var workers = Math.Clamp(section.GetValue(nameof(BackupsOperatorOptions.MaxConcurrentReconciles), defaults.MaxConcurrentReconciles), 1, 256);
        var backupWorkers = Math.Clamp(section.GetValue(nameof(BackupsOperatorOptions.BackupWorkers), defaults.BackupWorkers), 1, 256);
        services.AddPolicyController(options => options.MaxConcurrentReconciles = workers);
        services.AddBackupController(options => options.MaxConcurrentReconciles = backupWorkers);
        services.AddController<BackupRestore, BackupRestoreReconciler>(options =>
        {
            BackupRestoreReconciler.Configure(options);
            options.MaxConcurrentReconciles = workers;
        });
        services.AddVerificationController(configuration, workers);

        return services;
    }
}
