using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using k8s.Models;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// The metadata every Backup carries (labels policy and type, a controller owner reference to its BackupPolicy, the
/// snapshot-cleanup finalizer), added in one conditional merge patch when something is missing. Never touches spec.
/// </summary>
internal static class BackupMetadata
{
    public static async Task<Backup> EnsureAsync(IResourceClient<Backup> client, Backup backup, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject();
        var labels = backup.Metadata.Labels;
        var type = (backup.Spec.Type ?? BackupType.Manual).ToString();
        var labelPatch = new JsonObject();
        if (BackupNames.IsDns1123Subdomain(backup.Spec.PolicyName))
        {
            var policyLabel = BackupNames.LabelValue(backup.Spec.PolicyName);
            if (labels is null || !labels.TryGetValue(ApiConstants.PolicyLabel, out var current) || current != policyLabel)
            {
                labelPatch[ApiConstants.PolicyLabel] = policyLabel;
            }
        }

        if (labels is null || !labels.TryGetValue(ApiConstants.TypeLabel, out var currentType) || currentType != type)
        {
            labelPatch[ApiConstants.TypeLabel] = type;
        }

        if (labelPatch.Count > 0)
        {
            metadata["labels"] = labelPatch;
        }

        if (policy is not null && policy.Metadata.DeletionTimestamp is null && !HasControllerOwner(backup))
        {
            var references = new JsonArray();
            foreach (var existing in backup.Metadata.OwnerReferences ?? [])
            {
                references.Add(JsonNode.Parse(k8s.KubernetesJson.Serialize(existing)));
            }

            references.Add(new JsonObject
            {
                ["apiVersion"] = ApiConstants.ApiVersion,
                ["kind"] = "BackupPolicy",
                ["name"] = policy.Metadata.Name,
                ["uid"] = policy.Metadata.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
            metadata["ownerReferences"] = references;
        }

        if (!(backup.Metadata.Finalizers?.Contains(ApiConstants.SnapshotCleanupFinalizer) ?? false))
        {
            var finalizers = new JsonArray();
            foreach (var finalizer in backup.Metadata.Finalizers ?? [])
            {
                finalizers.Add(finalizer);
            }

            finalizers.Add(ApiConstants.SnapshotCleanupFinalizer);
            metadata["finalizers"] = finalizers;
        }

        if (metadata.Count == 0)
        {
            return backup;
        }

        metadata["resourceVersion"] = backup.Metadata.ResourceVersion;
        var patch = new JsonObject { ["metadata"] = metadata };
        return await client.PatchAsync(
            backup.Metadata.NamespaceProperty,
            backup.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            cancellationToken).ConfigureAwait(false);
    }

    private static bool HasControllerOwner(Backup backup) =>
        backup.Metadata.OwnerReferences?.Any(static r => r.Controller == true) ?? false;
}
