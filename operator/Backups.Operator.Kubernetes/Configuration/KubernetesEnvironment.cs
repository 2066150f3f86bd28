using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;

namespace Backups.Operator.Kubernetes.Configuration;

/// <summary>The process environment as the configuration loader sees it (replaceable in tests).</summary>
internal class KubernetesEnvironment
{
    /// <summary>
    /// Where the pod's service account files (token, ca.crt, namespace) are; unset: the standard
    /// /var/run/secrets/kubernetes.io/serviceaccount. Lets a test run the operator "in-cluster" on a developer machine
    /// (docs/kubernetes-runtime.md, "Running in a cluster").
    /// </summary>
    public const string ServiceAccountDirectoryVariable = "BACKUPS_OPERATOR_SERVICEACCOUNT_DIR";

    public virtual bool IsInCluster() => ServiceAccountDirectory() is { } directory
        ? !string.IsNullOrWhiteSpace(GetVariable("KUBERNETES_SERVICE_HOST")) && !string.IsNullOrWhiteSpace(GetVariable("KUBERNETES_SERVICE_PORT"))
          && FileExists(Path.Combine(directory, "token"))
        : KubernetesClientConfiguration.IsInCluster();

    public virtual KubernetesClientConfiguration InClusterConfig() => ServiceAccountDirectory() is { } directory
        ? InClusterConfig(directory)
        : KubernetesClientConfiguration.InClusterConfig();

    public virtual string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public virtual string? HomeDirectory() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public virtual bool FileExists(string path) => File.Exists(path);

    private string? ServiceAccountDirectory() => GetVariable(ServiceAccountDirectoryVariable) is { Length: > 0 } directory ? directory : null;

    /// <summary>What the client library's InClusterConfig builds, from another directory: https, the CA, a re-read token file.</summary>
    private KubernetesClientConfiguration InClusterConfig(string directory)
    {
        var host = GetVariable("KUBERNETES_SERVICE_HOST")!;
        var namespaceFile = Path.Combine(directory, "namespace");
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(Path.Combine(directory, "ca.crt"));
        return new KubernetesClientConfiguration
        {
            Host = new UriBuilder("https", host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, int.Parse(GetVariable("KUBERNETES_SERVICE_PORT")!, System.Globalization.CultureInfo.InvariantCulture)).ToString(),
            TokenProvider = new TokenFileAuth(Path.Combine(directory, "token")),
            SslCaCerts = authorities,
            Namespace = FileExists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : null,
        };
    }
}
