using System.CommandLine;
using Backups.Operator.Cli.Cluster;

namespace Backups.Operator.Cli.Commands;

/// <summary>
/// kubectl's connection flags, on every command: kubectl hands a plugin none of its own flags, so the plugin parses them
/// (docs/kubectl-plugin.md, "Plugin discovery and arguments").
/// </summary>
public sealed class GlobalOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use",
        Recursive = true,
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "The namespace (default: the context's namespace, then \"default\")",
        Recursive = true,
    };

    public Option<TimeSpan> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "How long one API call may take, e.g. 30s or 1m",
        Recursive = true,
        DefaultValueFactory = _ => ClusterOptions.DefaultRequestTimeout,
        CustomParser = result => DurationArgument.Parse(result),
    };

    public void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Add(Kubeconfig);
        root.Add(Context);
        root.Add(Namespace);
        root.Add(RequestTimeout);
    }

    /// <summary>The connection flags of a parse.</summary>
    public ClusterOptions Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new ClusterOptions(parseResult.GetValue(Kubeconfig), parseResult.GetValue(Context), parseResult.GetValue(Namespace),
            parseResult.GetValue(RequestTimeout));
    }
}
