using k8s;

namespace Backups.Operator.Kubernetes.Configuration;

/// <summary>The process environment as the configuration loader sees it (replaceable in tests).</summary>
internal class KubernetesEnvironment
{
    public virtual bool IsInCluster() => KubernetesClientConfiguration.IsInCluster();

    public virtual KubernetesClientConfiguration InClusterConfig() => KubernetesClientConfiguration.InClusterConfig();

    public virtual string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public virtual string? HomeDirectory() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public virtual bool FileExists(string path) => File.Exists(path);
}
