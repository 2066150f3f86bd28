namespace Backups.Operator.Kubernetes.Hosting;

/// <summary>
/// The runtime's command-line flags, for <c>configuration.AddCommandLine(OperatorCommandLine.Normalize(args),
/// OperatorCommandLine.SwitchMappings)</c>: <c>--metrics-port</c>, <c>--health-port</c>, <c>--bind-address</c>,
/// <c>--leader-elect</c> (alone means true) and <c>--kubeconfig</c>.
/// </summary>
public static class OperatorCommandLine
{
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--metrics-port"] = "Operator:MetricsPort",
        ["--health-port"] = "Operator:HealthPort",
        ["--bind-address"] = "Operator:BindAddress",
        ["--leader-elect"] = "Operator:LeaderElection:Enabled",
        ["--leader-election-namespace"] = "Operator:LeaderElection:LeaseNamespace",
        ["--kubeconfig"] = "Operator:Kubeconfig",
    };

    /// <summary>Turns a bare <c>--leader-elect</c> (no value) into <c>--leader-elect=true</c>.</summary>
    public static string[] Normalize(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var isBareFlag = string.Equals(arg, "--leader-elect", StringComparison.OrdinalIgnoreCase)
                && (i + 1 >= args.Length || args[i + 1].StartsWith('-') || !bool.TryParse(args[i + 1], out _));
            result.Add(isBareFlag ? "--leader-elect=true" : arg);
        }

        return [.. result];
    }
}
