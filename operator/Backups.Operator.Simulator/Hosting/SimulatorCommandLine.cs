using System.Collections;
using System.Globalization;

namespace Backups.Operator.Simulator.Hosting;

/// <summary>The parsed command line: options, the URLs to listen on, or an error / a help request.</summary>
public sealed record SimulatorCommandLine(SimulatorOptions Options, IReadOnlyList<string> Urls, string? Error, bool ShowHelp)
{
    public const string DefaultUrl = "http://127.0.0.1:18090";

    public const string Usage = """
        DigitalOcean API simulator
          --urls <url[;url]>            where to listen (env SIMULATOR_URLS; default http://127.0.0.1:18090)
          --seed <file>                 accounts/tokens/droplets to load (env SIMULATOR_SEED)
          --seconds-per-gb <n>          action duration per GB of used disk (env SIMULATOR_SECONDS_PER_GB; default 60)
          --min-action-seconds <n>      shortest action (env SIMULATOR_MIN_ACTION_SECONDS; default 10)
          --rate-limit-per-minute <n>   burst limit per token (env SIMULATOR_RATE_LIMIT_PER_MINUTE; default 250)
          --rate-limit-per-hour <n>     hourly limit per token (env SIMULATOR_RATE_LIMIT_PER_HOUR; default 5000)
          --random-seed <n>             seed for probabilistic faults (env SIMULATOR_RANDOM_SEED)
        """;

    private static readonly Dictionary<string, string> EnvironmentNames = new(StringComparer.Ordinal)
    {
        ["--urls"] = "SIMULATOR_URLS",
        ["--seed"] = "SIMULATOR_SEED",
        ["--seconds-per-gb"] = "SIMULATOR_SECONDS_PER_GB",
        ["--min-action-seconds"] = "SIMULATOR_MIN_ACTION_SECONDS",
        ["--rate-limit-per-minute"] = "SIMULATOR_RATE_LIMIT_PER_MINUTE",
        ["--rate-limit-per-hour"] = "SIMULATOR_RATE_LIMIT_PER_HOUR",
        ["--random-seed"] = "SIMULATOR_RANDOM_SEED",
    };

    /// <summary>Flags win over environment variables, which win over defaults.</summary>
    public static SimulatorCommandLine Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (flag, variable) in EnvironmentNames)
        {
            if (environment[variable] is string value && !string.IsNullOrWhiteSpace(value))
            {
                values[flag] = value;
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return new SimulatorCommandLine(new SimulatorOptions(), [], null, true);
            }

            string flag, value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                flag = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                flag = arg;
                if (i + 1 >= args.Count)
                {
                    return Fail($"{flag} needs a value.");
                }

                value = args[++i];
            }

            if (!EnvironmentNames.ContainsKey(flag))
            {
                return Fail($"Unknown option {flag}.");
            }

            values[flag] = value;
        }

        var options = new SimulatorOptions();
        try
        {
            if (values.TryGetValue("--seed", out var seed))
            {
                options.SeedFile = seed;
            }

            if (values.TryGetValue("--seconds-per-gb", out var secondsPerGb))
            {
                options.SecondsPerGigabyte = double.Parse(secondsPerGb, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            if (values.TryGetValue("--min-action-seconds", out var minSeconds))
            {
                options.MinActionSeconds = double.Parse(minSeconds, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            if (values.TryGetValue("--rate-limit-per-minute", out var perMinute))
            {
                options.RateLimitPerMinute = int.Parse(perMinute, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (values.TryGetValue("--rate-limit-per-hour", out var perHour))
            {
                options.RateLimitPerHour = int.Parse(perHour, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (values.TryGetValue("--random-seed", out var randomSeed))
            {
                options.RandomSeed = int.Parse(randomSeed, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return Fail($"Invalid number: {ex.Message}");
        }

        var urls = (values.GetValueOrDefault("--urls") ?? DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SimulatorCommandLine(options, urls, null, false);

        static SimulatorCommandLine Fail(string error) => new(new SimulatorOptions(), [], error, false);
    }
}
