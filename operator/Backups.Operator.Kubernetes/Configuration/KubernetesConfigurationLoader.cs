using k8s;
using k8s.Exceptions;

namespace Backups.Operator.Kubernetes.Configuration;

/// <summary>
/// Finds the client configuration: an explicit kubeconfig (<c>--kubeconfig</c>) first, the in-cluster service account when
/// running in a pod, else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>. Unlike <c>BuildDefaultConfig</c> it never falls back
/// to <c>http://localhost:8080</c>: when nothing is found it throws <see cref="KubernetesConfigurationException"/>.
/// </summary>
public static class KubernetesConfigurationLoader
{
    public static KubernetesClientConfiguration Load(string? kubeconfigPath = null, string? context = null) =>
        Load(kubeconfigPath, context, new KubernetesEnvironment());

    internal static KubernetesClientConfiguration Load(string? kubeconfigPath, string? context, KubernetesEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(kubeconfigPath))
        {
            if (!environment.FileExists(kubeconfigPath))
            {
                throw new KubernetesConfigurationException($"The kubeconfig file '{kubeconfigPath}' given with --kubeconfig does not exist.");
            }

            return FromFile(kubeconfigPath, context);
        }

        if (environment.IsInCluster())
        {
            return environment.InClusterConfig();
        }

        var fromEnvironment = environment.GetVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var first = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(environment.FileExists);
            if (first is not null)
            {
                return FromFile(first, context);
            }
        }

        var home = environment.HomeDirectory();
        var defaultPath = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (defaultPath is not null && environment.FileExists(defaultPath))
        {
            return FromFile(defaultPath, context);
        }

        throw new KubernetesConfigurationException(
            "No Kubernetes configuration found: not running in a pod (KUBERNETES_SERVICE_HOST/PORT and the service account are " +
            "missing), --kubeconfig was not given, KUBECONFIG names no existing file and ~/.kube/config does not exist.");
    }

    private static KubernetesClientConfiguration FromFile(string path, string? context)
    {
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
        }
        catch (KubeConfigException e)
        {
            throw new KubernetesConfigurationException($"The kubeconfig file '{path}' is invalid: {e.Message}", e);
        }
    }
}
