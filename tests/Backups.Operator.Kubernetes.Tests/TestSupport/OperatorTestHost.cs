using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests;

/// <summary>A real host running the runtime and the Widget controller against a <see cref="TestApiServer"/>.</summary>
public sealed class OperatorTestHost : IAsyncDisposable
{
    private OperatorTestHost(IHost host, string name)
    {
        Host = host;
        Name = name;
    }

    public IHost Host { get; }

    public string Name { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<OperatorTestHost> StartAsync(
        TestApiServer api,
        ReconcileRecorder recorder,
        ITestOutputHelper? output = null,
        string name = "host",
        Action<OperatorRuntimeOptions>? configure = null,
        Action<ControllerOptions<Widget>>? controller = null,
        CapturedLogs? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output, name));
            builder.Logging.SetMinimumLevel(LogLevel.Information);
        }

        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddSingleton(recorder);
        builder.Services.AddSingleton(new HostName(name));
        builder.Services.AddOperatorRuntime(options =>
        {
            options.ClientConfiguration = api.Server.CreateClientConfiguration();
            options.BindAddress = "127.0.0.1";
            options.MetricsPort = 0;
            options.HealthPort = 0;
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.Informers.InitialBackoff = TimeSpan.FromMilliseconds(100);
            options.Informers.MaxBackoff = TimeSpan.FromSeconds(2);
            options.Events.Instance = name;
            configure?.Invoke(options);
        });
        builder.Services.AddController<Widget, WidgetReconciler>(options =>
        {
            options.MaxConcurrentReconciles = 4;
            controller?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new OperatorTestHost(host, name);
    }

    public async Task StopAsync() => await Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }
}
