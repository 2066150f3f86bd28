using Backups.Operator.Simulator.Api;
using Backups.Operator.Simulator.Seeding;
using Backups.Operator.Simulator.State;
using Backups.Operator.Simulator.Verification;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Simulator.Hosting;

/// <summary>Builds the simulator web application; shared by <c>Program</c> and <see cref="SimulatorHost"/>.</summary>
public static class SimulatorApplication
{
    /// <summary>A configured, not yet started application listening on <paramref name="urls"/>.</summary>
    public static WebApplication Build(SimulatorOptions options, TimeProvider timeProvider, IEnumerable<string> urls, LogLevel minimumLogLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var validation = new SimulatorOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(SimulatorOptions), typeof(SimulatorOptions), validation.Failures);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorApplication).Assembly.GetName().Name });
        builder.WebHost.UseUrls([.. urls]);
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", minimumLogLevel > LogLevel.Warning ? minimumLogLevel : LogLevel.Warning);
        builder.Services.AddOptions<SimulatorOptions>().Configure(o =>
        {
            o.SecondsPerGigabyte = options.SecondsPerGigabyte;
            o.MinActionSeconds = options.MinActionSeconds;
            o.RateLimitPerMinute = options.RateLimitPerMinute;
            o.RateLimitPerHour = options.RateLimitPerHour;
            o.SnapshotSizeRatio = options.SnapshotSizeRatio;
            o.SeedFile = options.SeedFile;
            o.RandomSeed = options.RandomSeed;
            o.RequestLogCapacity = options.RequestLogCapacity;
        }).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower)));

        var state = new SimulatorState(options, timeProvider);
        if (options.SeedFile is { } seedFile)
        {
            SeedDocument.Load(seedFile).ApplyTo(state);
        }

        builder.Services.AddSingleton(state);

        var app = builder.Build();
        app.MapDigitalOceanApi();
        app.MapDropletCreationApi();
        app.MapSimulatorAdmin();
        app.MapVerificationAdmin();
        app.Lifetime.ApplicationStopping.Register(state.StopApplications);
        Ledger.LedgerEndpoints.MapSimulatorLedger(app);
        return app;
    }

    /// <summary>The addresses Kestrel actually bound (port 0 resolved).</summary>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    internal static void LogStarted(WebApplication app, SimulatorOptions options)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Backups.Operator.Simulator");
        var state = app.Services.GetRequiredService<SimulatorState>();
        if (options.SeedFile is { } seedFile)
        {
            Log.Seeded(logger, seedFile);
        }

        var accounts = state.ListAccounts();
        Log.Started(
            logger,
            string.Join(", ", BoundAddresses(app)),
            accounts.Count,
            accounts.Sum(a => a.DropletIds.Count),
            options.SecondsPerGigabyte,
            options.MinActionSeconds,
            options.RateLimitPerMinute,
            options.RateLimitPerHour);
    }
}
