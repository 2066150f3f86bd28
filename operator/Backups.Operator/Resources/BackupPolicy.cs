using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Resources;

/// <summary>One per deployment: droplet, plan, schedule and retention.</summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = "BackupPolicy", PluralName = "backuppolicies")]
public sealed class BackupPolicy : CustomResource<BackupPolicySpec, BackupPolicyStatus>;
