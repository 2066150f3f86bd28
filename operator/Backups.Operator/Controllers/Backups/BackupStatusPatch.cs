using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// Writes a Backup's whole status with a JSON merge patch on <c>/status</c>, conditional on the object's
/// resourceVersion (a stale read fails with 409 instead of overwriting). Fields cleared in the desired status are sent
/// as explicit nulls, so clearing e.g. <c>snapshotName</c> really removes it.
/// </summary>
internal static class BackupStatusPatch
{
    public static BackupStatus Copy(BackupStatus? status) =>
        status is null ? new BackupStatus() : KubernetesJson.Deserialize<BackupStatus>(KubernetesJson.Serialize(status));

    public static async Task<Backup> WriteAsync(IResourceClient<Backup> client, Backup current, BackupStatus desired, CancellationToken cancellationToken)
    {
        var desiredNode = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(desired))!;
        var currentNode = current.Status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(current.Status)) as JsonObject;
        if (JsonNode.DeepEquals(desiredNode, currentNode))
        {
            return current;
        }

        if (currentNode is not null)
        {
            foreach (var (key, _) in currentNode)
            {
                if (!desiredNode.ContainsKey(key))
                {
                    desiredNode[key] = null;
                }
            }
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
            ["status"] = desiredNode,
        };
        return await client.PatchStatusAsync(
            current.Metadata.NamespaceProperty,
            current.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            cancellationToken).ConfigureAwait(false);
    }
}
