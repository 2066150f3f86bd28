namespace Backups.Operator.Kubernetes.Configuration;

/// <summary>No usable Kubernetes client configuration was found.</summary>
public sealed class KubernetesConfigurationException : Exception
{
    public KubernetesConfigurationException(string message)
        : base(message)
    {
    }

    public KubernetesConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
