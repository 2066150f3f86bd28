using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Resources;

/// <summary>One DigitalOcean droplet snapshot of a deployment.</summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = "Backup", PluralName = "backups")]
public sealed class Backup : CustomResource<BackupSpec, BackupStatus>;
