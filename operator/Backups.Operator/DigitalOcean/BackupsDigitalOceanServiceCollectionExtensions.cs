using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backups.Operator.DigitalOcean;

/// <summary>Registers credentials, tenancy, droplet access and the DigitalOcean client metrics of the operator host.</summary>
public static class BackupsDigitalOceanServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICredentialResolver"/>, <see cref="ICredentialsInUseFinalizer"/>, <see cref="IDropletAccess"/> and
    /// <see cref="DigitalOceanClientMetrics"/> as <see cref="IDigitalOceanClientMetrics"/> (replacing the null default).
    /// Needs the runtime (<c>AddOperatorRuntime</c>: resource clients, <c>OperatorMetrics</c>), <c>AddDigitalOceanClient</c>
    /// and <c>BackupsOperatorOptions</c>; call order does not matter.
    /// </summary>
    public static IServiceCollection AddBackupsDigitalOceanAccess(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ICredentialResolver, CredentialResolver>();
        services.TryAddSingleton<ICredentialsInUseFinalizer, CredentialsInUseFinalizer>();
        services.TryAddSingleton<IDropletAccess, DropletAccess>();
        services.RemoveAll<IDigitalOceanClientMetrics>();
        services.AddSingleton<IDigitalOceanClientMetrics, DigitalOceanClientMetrics>();
        return services;
    }
}
