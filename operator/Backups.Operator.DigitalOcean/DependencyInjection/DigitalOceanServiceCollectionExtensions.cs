using Backups.Operator.DigitalOcean.Internal.Http;
using Backups.Operator.DigitalOcean.Internal.Options;
using Backups.Operator.DigitalOcean.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backups.Operator.DigitalOcean.DependencyInjection;

/// <summary>Registers <see cref="IDigitalOceanClientFactory"/>.</summary>
public static class DigitalOceanServiceCollectionExtensions
{
    /// <summary>Adds the DigitalOcean client factory, its validated options (checked at start-up), a pooled HTTP handler,
    /// <see cref="TimeProvider.System"/> and <see cref="NullDigitalOceanClientMetrics"/> unless already registered.
    /// Register an <see cref="IDigitalOceanClientMetrics"/> of your own to export metrics.</summary>
    public static IServiceCollection AddDigitalOceanClient(this IServiceCollection services, Action<DigitalOceanClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<DigitalOceanClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigitalOceanClientOptions>, DigitalOceanClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDigitalOceanClientMetrics>(NullDigitalOceanClientMetrics.Instance);
        services.TryAddSingleton<IDigitalOceanClientFactory, DigitalOceanClientFactory>();

        services.AddHttpClient(DigitalOceanClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<DigitalOceanClientOptions>>().Value;
                return new SocketsHttpHandler
                {
                    ConnectTimeout = options.ConnectTimeout,
                    MaxConnectionsPerServer = options.MaxConnections,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    AllowAutoRedirect = false,
                    UseCookies = false,
                };
            })
            .RedactLoggedHeaders(static _ => true)
            // The HTTP client factory's own handlers log 4 Information lines per request; the client logs what matters itself.
            .RemoveAllLoggers();

        return services;
    }
}
