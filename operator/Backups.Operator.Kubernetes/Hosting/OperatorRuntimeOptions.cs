using System.ComponentModel.DataAnnotations;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers.Expectations;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.LeaderElection;
using k8s;

namespace Backups.Operator.Kubernetes.Hosting;

/// <summary>
/// Options of the operator runtime, bound from the <c>Operator</c> configuration section (command-line flags map onto it,
/// see <see cref="OperatorCommandLine"/>) and validated at start-up.
/// </summary>
public sealed class OperatorRuntimeOptions
{
    public const string SectionName = "Operator";

    /// <summary><c>--metrics-port</c>: port of <c>/metrics</c>; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; } = 8080;

    /// <summary><c>--health-port</c>: port of <c>/healthz</c> and <c>/readyz</c>; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int HealthPort { get; set; } = 8081;

    /// <summary><c>--bind-address</c>: <c>0.0.0.0</c> (all interfaces, for a pod) or e.g. <c>127.0.0.1</c> for local runs.</summary>
    [Required]
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Serve the metrics and health endpoints at all (tests of the runtime alone may switch them off).</summary>
    public bool ServeEndpoints { get; set; } = true;

    /// <summary><c>--kubeconfig</c>: explicit kubeconfig file; otherwise in-cluster, <c>KUBECONFIG</c>, <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>
    /// A ready client configuration (takes precedence over <see cref="Kubeconfig"/>); not bindable, set it in code,
    /// e.g. to point at a local API server.
    /// </summary>
    public KubernetesClientConfiguration? ClientConfiguration { get; set; }

    /// <summary>Graceful shutdown budget; keep it below the pod's terminationGracePeriodSeconds (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    public InformerOptions Informers { get; set; } = new();

    public EventRecorderOptions Events { get; set; } = new();

    public ResourceClientOptions Client { get; set; } = new();

    /// <summary>How long a reconcile waits for the cache to show the operator's own write of its object.</summary>
    public WriteExpectationOptions WriteExpectations { get; set; } = new();
}
