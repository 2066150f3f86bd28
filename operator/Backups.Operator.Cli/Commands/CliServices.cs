using Backups.Operator.Cli.Cluster;

namespace Backups.Operator.Cli.Commands;

/// <summary>What the commands run on: the terminal, the clock, the environment, and the way to reach the cluster.</summary>
/// <param name="Terminal">stdout, stderr, stdin.</param>
/// <param name="Time">The clock (elapsed times, ages, poll delays).</param>
/// <param name="Environment">The process environment (KUBECONFIG, HOME, NO_COLOR).</param>
/// <param name="Connect">Opens the cluster with the connection flags.</param>
public sealed record CliServices(
    Terminal.Terminal Terminal,
    TimeProvider Time,
    IReadOnlyDictionary<string, string?> Environment,
    Func<ClusterOptions, IBackupsApi> Connect)
{
    /// <summary>The real cluster from the user's kubeconfig.</summary>
    public static IBackupsApi ConnectWithKubeconfig(ClusterOptions options, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (configuration, @namespace) = KubeconfigLoader.Load(options, environment);
        return new KubernetesBackupsApi(configuration, @namespace, options.RequestTimeout);
    }
}
