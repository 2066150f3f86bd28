using System.Text.Json.Nodes;
using Backups.Operator.Kubernetes.Client;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Status;

/// <summary>Writes <c>status</c> with a JSON merge patch on <c>/status</c>, only when it changed.</summary>
public static class StatusPatchExtensions
{
    /// <summary>
    /// Sends <c>{"metadata":{"resourceVersion":…},"status":desired}</c> to the status subresource when
    /// <paramref name="desired"/> differs from <paramref name="current"/>'s status (compared as Kubernetes JSON). The
    /// resourceVersion makes the write conditional: a stale <paramref name="current"/> fails with 409 Conflict
    /// (<see cref="ApiErrors.IsConflict"/>), which a reconciler should simply let the controller retry.
    /// Returns the updated object, or <paramref name="current"/> unchanged when there was nothing to write.
    /// </summary>
    public static async Task<T> PatchStatusIfChangedAsync<T, TStatus>(
        this IResourceClient<T> client, T current, TStatus desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>, IStatus<TStatus>
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!HasChanged(current.Status, desired))
        {
            return current;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
            ["status"] = desired is null ? null : JsonNode.Parse(KubernetesJson.Serialize(desired)),
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
