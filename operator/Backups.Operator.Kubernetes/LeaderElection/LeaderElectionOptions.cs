using System.ComponentModel.DataAnnotations;

namespace Backups.Operator.Kubernetes.LeaderElection;

/// <summary>Leader election on a coordination.k8s.io/v1 Lease (controller-runtime defaults 15 s / 10 s / 2 s).</summary>
public sealed class LeaderElectionOptions
{
    /// <summary><c>--leader-elect</c>: when false this process always leads.</summary>
    public bool Enabled { get; set; }

    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public string LeaseName { get; set; } = "backups-operator-leader";

    /// <summary>The lease's namespace; defaults to the pod's namespace in a cluster, else <c>default</c>.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This candidate's identity; must be unique per replica (defaults to host name + a random suffix).</summary>
    public string? Identity { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>On a graceful stop, hand the lease back (duration 1 s, empty holder) so a standby takes over at once.</summary>
    public bool ReleaseOnCancel { get; set; } = true;

    /// <summary>Stop the host when leadership is lost (controller-runtime exits); the pod is restarted as a standby.</summary>
    public bool ExitOnLoss { get; set; } = true;
}
