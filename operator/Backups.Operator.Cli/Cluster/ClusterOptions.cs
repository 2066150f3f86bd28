namespace Backups.Operator.Cli.Cluster;

/// <summary>
/// kubectl's connection flags as the plugin parses them itself (kubectl passes none of its own flags to a plugin):
/// <c>--kubeconfig</c>, <c>--context</c>, <c>-n/--namespace</c> and <c>--request-timeout</c>.
/// </summary>
/// <param name="Kubeconfig">An explicit kubeconfig file; otherwise <c>$KUBECONFIG</c> (a list of files) or <c>~/.kube/config</c>.</param>
/// <param name="Context">The kubeconfig context; otherwise the current context.</param>
/// <param name="Namespace">The namespace; otherwise the context's namespace, otherwise <c>default</c>.</param>
/// <param name="RequestTimeout">The bound of one API call.</param>
public sealed record ClusterOptions(string? Kubeconfig, string? Context, string? Namespace, TimeSpan RequestTimeout)
{
    /// <summary>kubectl's default when no <c>--request-timeout</c> is given is none; the plugin bounds every call.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
}
