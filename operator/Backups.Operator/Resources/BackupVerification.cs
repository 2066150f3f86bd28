using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Resources;

/// <summary>A restore test of a backup on a temporary droplet.</summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = "BackupVerification", PluralName = "backupverifications")]
public sealed class BackupVerification : CustomResource<BackupVerificationSpec, BackupVerificationStatus>;
