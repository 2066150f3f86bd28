using System.Text.Json.Nodes;
using Backups.Operator.Kubernetes.Client;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Status;

/// <summary>
/// The one way the controllers write <c>status</c>: a JSON merge patch on <c>/status</c>, only when it changed, holding
/// only what changed and an explicit null for every field that was removed (<see cref="StatusMergePatch"/>).
/// </summary>
public static class StatusPatchExtensions
{
    /// <summary>
    /// Sends <c>{"metadata":{"resourceVersion":…},"status":patch}</c> to the status subresource when
    /// <paramref name="desired"/> differs from <paramref name="current"/>'s status (compared as Kubernetes JSON), where
    /// patch is <see cref="StatusMergePatch.Between{TStatus}"/>: fields the desired status lacks are removed. The
    /// resourceVersion makes the write conditional: a stale <paramref name="current"/> fails with 409 Conflict
    /// (<see cref="ApiErrors.IsConflict"/>), which a reconciler should simply let the controller retry.
    /// Returns the updated object, or <paramref name="current"/> unchanged when there was nothing to write.
    /// </summary>
    public static async Task<T> PatchStatusIfChangedAsync<T, TStatus>(
        this IResourceClient<T> client, T current, TStatus desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>, IStatus<TStatus>
    {
        ArgumentNullException.ThrowIfNull(current);
        var status = StatusMergePatch.Between(current.Status, desired);
        if (status is null)
        {
            return current;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
            ["status"] = status,
        };
        return await client.PatchStatusAsync(
            string.IsNullOrEmpty(current.Metadata.NamespaceProperty) ? null : current.Metadata.NamespaceProperty,
            current.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the two statuses serialize differently.</summary>
    public static bool HasChanged<TStatus>(TStatus? current, TStatus? desired)
    {
        if (current is null || desired is null)
        {
            return current is not null || desired is not null;
        }

        return !JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(current)), JsonNode.Parse(KubernetesJson.Serialize(desired)));
    }
}
