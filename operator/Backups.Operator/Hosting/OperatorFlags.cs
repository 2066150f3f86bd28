using Backups.Operator.Kubernetes.Hosting;

namespace Backups.Operator.Hosting;

/// <summary>
/// The operator's command line: the runtime's flags (<see cref="OperatorCommandLine"/>) plus the backup flags, mapped onto
/// configuration keys. Unknown flags are an error (a typo must not silently fall back to a default such as the real
/// DigitalOcean API).
/// </summary>
public static class OperatorFlags
{
    /// <summary>Configuration key of the DigitalOcean API root (<c>--digitalocean-url</c>).</summary>
    public const string DigitalOceanUrlKey = DigitalOceanSection + ":BaseUrl";

    /// <summary>The configuration section bound to <c>DigitalOceanClientOptions</c>.</summary>
    public const string DigitalOceanSection = "DigitalOcean";

    public const string Usage = """
        Backups Operator: backs up deployments on DigitalOcean droplets with droplet snapshots.
          --kubeconfig <file>             kubeconfig to use (default: in-cluster, then KUBECONFIG, then ~/.kube/config)
          --metrics-port <port>           port of /metrics (default 8080; 0 picks a free port)
          --health-port <port>            port of /healthz and /readyz (default 8081; 0 picks a free port)
          --bind-address <ip>             address of both endpoints (default 0.0.0.0; 127.0.0.1 for local runs)
          --leader-elect [true|false]     campaign for a Lease before reconciling (default false)
          --leader-election-namespace <ns> namespace of the Lease
          --digitalocean-url <url>        DigitalOcean API root (default https://api.digitalocean.com/)
          --operator-namespace <ns>       namespace of the platform token Secret (default: POD_NAMESPACE, else backups-system)
          --price-per-gb-month <usd>      snapshot storage price for cost estimates (default 0.06)
          --log-format <text|json>        console log format (default text; json: one object per line)
          --log-level <level>             minimum level: Trace, Debug, Information (default), Warning, Error, Critical
          --first-poll-seconds-per-disk-gb <s> first snapshot poll of an unknown droplet after this many seconds per
                                          GB of disk (default 20, 0.1..3600); later polls learn from the droplet
          --orphan-snapshot-grace <time>  how long an orphan snapshot (our naming, no Backup) is reported before it is
                                          deleted when the policy's deletionPolicy is Delete (default 1.00:00:00, >= 1 h)
        Environment: DIGITALOCEAN_TOKEN (platform token, never logged), POD_NAMESPACE.
        """;

    /// <summary>Every flag and the configuration key it sets.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = BuildMappings();

    /// <summary>
    /// Normalizes <paramref name="args"/> (a bare <c>--leader-elect</c> means true) and checks every flag is known and has a
    /// value. Returns the arguments for <c>AddCommandLine</c>, or an error message.
    /// </summary>
    public static (string[] Arguments, string? Error) Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var normalized = OperatorCommandLine.Normalize(args);
        for (var i = 0; i < normalized.Length; i++)
        {
            var arg = normalized[i];
            if (!arg.StartsWith('-'))
            {
                return ([], $"Unexpected argument '{arg}'.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = equals > 0 ? arg[..equals] : arg;
            if (!SwitchMappings.ContainsKey(flag))
            {
                return ([], $"Unknown flag '{flag}'.");
            }

            if (equals < 0)
            {
                if (i + 1 >= normalized.Length || normalized[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return ([], $"Flag '{flag}' needs a value.");
                }

                i++;
            }
        }

        return (normalized, null);
    }

    /// <summary>True when the user asked for the usage text.</summary>
    public static bool IsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    private static Dictionary<string, string> BuildMappings()
    {
        var mappings = new Dictionary<string, string>(OperatorCommandLine.SwitchMappings, StringComparer.OrdinalIgnoreCase)
        {
            ["--digitalocean-url"] = DigitalOceanUrlKey,
            ["--operator-namespace"] = Configuration.BackupsOperatorOptions.SectionName + ":" + nameof(Configuration.BackupsOperatorOptions.OperatorNamespace),
            ["--first-poll-seconds-per-disk-gb"] = Configuration.BackupsOperatorOptions.SectionName + ":" + nameof(Configuration.BackupsOperatorOptions.FirstPollSecondsPerDiskGigabyte),
            ["--orphan-snapshot-grace"] = Configuration.BackupsOperatorOptions.SectionName + ":" + nameof(Configuration.BackupsOperatorOptions.OrphanSnapshotGracePeriod),
            ["--price-per-gb-month"] = Configuration.BackupsOperatorOptions.SectionName + ":" + nameof(Configuration.BackupsOperatorOptions.PricePerGigabyteMonth),
            ["--log-format"] = OperatorLogging.FormatKey,
            ["--log-level"] = OperatorLogging.LevelKey,
        };
        return mappings;
    }
}
