using Microsoft.Extensions.Logging;

namespace Backups.Operator.Simulator.Hosting;

/// <summary>The simulator's log messages (never a token).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "DigitalOcean API simulator listening on {Urls}: {Accounts} account(s), {Droplets} droplet(s); {SecondsPerGb} s/GB (min {MinSeconds} s), {PerMinute}/min and {PerHour}/h per token. Nothing real is touched.")]
    public static partial void Started(ILogger logger, string urls, int accounts, int droplets, double secondsPerGb, double minSeconds, int perMinute, int perHour);

    [LoggerMessage(2, LogLevel.Information, "Seeded from {SeedFile}")]
    public static partial void Seeded(ILogger logger, string seedFile);
}
