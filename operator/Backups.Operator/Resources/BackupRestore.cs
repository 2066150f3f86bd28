using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Resources;

/// <summary>A restore of a backup onto its own droplet.</summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = "BackupRestore", PluralName = "backuprestores")]
public sealed class BackupRestore : CustomResource<BackupRestoreSpec, BackupRestoreStatus>;
