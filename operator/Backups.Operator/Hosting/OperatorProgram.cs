using Backups.Operator.Configuration;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Kubernetes.Configuration;
using k8s;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Hosting;

/// <summary>
/// The operator process: parses the flags, builds the host with <see cref="BackupsOperatorServiceCollectionExtensions.AddBackupsOperator"/>,
/// checks the configuration before anything starts and turns start-up failures into one clear line on stderr and exit code 2.
/// </summary>
public static partial class OperatorProgram
{
    /// <summary>Exit code for bad flags or configuration.</summary>
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (OperatorFlags.IsHelp(args))
        {
            await Console.Out.WriteLineAsync(OperatorFlags.Usage).ConfigureAwait(false);
            return 0;
        }

        var (arguments, error) = OperatorFlags.Parse(args);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(OperatorFlags.Usage).ConfigureAwait(false);
            return ConfigurationError;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = null });
        builder.Configuration.AddCommandLine(arguments, OperatorFlags.SwitchMappings);
        if (OperatorLogging.Validate(builder.Configuration) is { } loggingError)
        {
            await Console.Error.WriteLineAsync(loggingError).ConfigureAwait(false);
            return ConfigurationError;
        }

        OperatorLogging.Configure(builder.Logging, builder.Configuration);
        builder.Services.AddBackupsOperator(builder.Configuration);

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Backups.Operator");
        try
        {
            // Fail before starting anything: every option is valid and a Kubernetes configuration exists.
            var backups = host.Services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value;
            var digitalOcean = host.Services.GetRequiredService<IOptions<DigitalOceanClientOptions>>().Value;
            _ = host.Services.GetRequiredService<IKubernetes>();
            Log.Starting(logger, digitalOcean.BaseUrl, backups.OperatorNamespace, !string.IsNullOrEmpty(backups.PlatformToken));
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join(" ", e.Failures)}").ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (KubernetesConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"No Kubernetes configuration: {e.Message} Pass --kubeconfig <file>.").ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or UriFormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {e.Message} {e.InnerException.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        try
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join(" ", e.Failures)}").ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on the metrics/health ports: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Backups operator starting: DigitalOcean API {BaseUrl}, operator namespace {OperatorNamespace}, platform token from the environment: {HasPlatformToken}")]
        public static partial void Starting(ILogger logger, Uri baseUrl, string operatorNamespace, bool hasPlatformToken);
    }
}
