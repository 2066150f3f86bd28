using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Backups.Operator.Cli.Cluster;

/// <summary>
/// Loads the user's kubeconfig the way kubectl does: <c>--kubeconfig</c>, else every file of <c>$KUBECONFIG</c> merged, else
/// <c>~/.kube/config</c> (precedence and merge rules: docs/kubectl-plugin.md, "kubeconfig").
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>The client configuration and the namespace to work in.</summary>
    /// <exception cref="CliException">No kubeconfig, an unknown context, or an unreadable file (exit code Unreachable).</exception>
    public static (KubernetesClientConfiguration Configuration, string Namespace) Load(ClusterOptions options, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var files = Files(options.Kubeconfig, environment);
        if (files.Count == 0)
        {
            throw new CliException(ExitCodes.Unreachable, "no kubeconfig found",
                "pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config");
        }

        try
        {
            var kubeconfig = Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), useRelativePaths: true)).ToList());
            if (options.Context is { } context && kubeconfig.Contexts?.Any(c => c.Name == context) != true)
            {
                throw new CliException(ExitCodes.Unreachable, $"context \"{context}\" is not in the kubeconfig ({string.Join(", ", files)})",
                    "list the contexts with: kubectl config get-contexts");
            }

            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, options.Context);
            var @namespace = !string.IsNullOrWhiteSpace(options.Namespace) ? options.Namespace
                : !string.IsNullOrWhiteSpace(configuration.Namespace) ? configuration.Namespace
                : "default";
            return (configuration, @namespace);
        }
        catch (KubeConfigException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot use the kubeconfig ({string.Join(", ", files)}): {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot read the kubeconfig ({string.Join(", ", files)}): {e.Message}");
        }
    }

    /// <summary>kubectl's merge of several kubeconfig files: the first file to set a value, or to name a context, cluster or user, wins.</summary>
    public static K8SConfiguration Merge(IReadOnlyList<K8SConfiguration> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var merged = configurations[0];
        foreach (var next in configurations.Skip(1))
        {
            merged.CurrentContext ??= next.CurrentContext;
            merged.Contexts = [.. merged.Contexts ?? [], .. (next.Contexts ?? []).Where(c => merged.Contexts?.Any(m => m.Name == c.Name) != true)];
            merged.Clusters = [.. merged.Clusters ?? [], .. (next.Clusters ?? []).Where(c => merged.Clusters?.Any(m => m.Name == c.Name) != true)];
            merged.Users = [.. merged.Users ?? [], .. (next.Users ?? []).Where(c => merged.Users?.Any(m => m.Name == c.Name) != true)];
        }

        return merged;
    }

    /// <summary>The kubeconfig files to merge, in kubectl's order of precedence; only files that exist.</summary>
    public static IReadOnlyList<string> Files(string? explicitPath, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath)
                ? [explicitPath]
                : throw new CliException(ExitCodes.Unreachable, $"the kubeconfig {explicitPath} does not exist");
        }

        if (environment.TryGetValue("KUBECONFIG", out var list) && !string.IsNullOrWhiteSpace(list))
        {
            return [.. list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists).Distinct()];
        }

        var home = environment.TryGetValue("HOME", out var h) && !string.IsNullOrEmpty(h) ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = Path.Combine(home, ".kube", "config");
        return File.Exists(path) ? [path] : [];
    }
}
