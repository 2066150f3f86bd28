using System.Text.Json.Nodes;
using Backups.Operator.Kubernetes.Client;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Finalizers;

/// <summary>
/// Adds or removes ONE finalizer name (ours) with a JSON merge patch carrying the full resulting list and the
/// resourceVersion (409 Conflict when the object changed meanwhile; let the controller retry). Other finalizers are kept.
/// </summary>
public static class FinalizerExtensions
{
    public static bool HasFinalizer(this IKubernetesObject<V1ObjectMeta> obj, string finalizer) =>
        obj.Metadata?.Finalizers?.Contains(finalizer) == true;

    /// <summary>Adds <paramref name="finalizer"/> unless present; returns the updated object (or <paramref name="obj"/>).</summary>
    public static async Task<T> AddFinalizerAsync<T>(this IResourceClient<T> client, T obj, string finalizer, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        if (obj.HasFinalizer(finalizer))
        {
            return obj;
        }

        var finalizers = new List<string>(obj.Metadata.Finalizers ?? []) { finalizer };
        return await PatchFinalizersAsync(client, obj, finalizers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="finalizer"/> if present; returns the updated object (or <paramref name="obj"/>).</summary>
    public static async Task<T> RemoveFinalizerAsync<T>(this IResourceClient<T> client, T obj, string finalizer, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        if (!obj.HasFinalizer(finalizer))
        {
            return obj;
        }

        var finalizers = obj.Metadata.Finalizers!.Where(f => f != finalizer).ToList();
        return await PatchFinalizersAsync(client, obj, finalizers, cancellationToken).ConfigureAwait(false);
    }

    private static Task<T> PatchFinalizersAsync<T>(IResourceClient<T> client, T obj, List<string> finalizers, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var list = new JsonArray();
        foreach (var finalizer in finalizers)
        {
            list.Add(finalizer);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = obj.Metadata.ResourceVersion,
                ["finalizers"] = list,
            },
        };
        return client.PatchAsync(
            string.IsNullOrEmpty(obj.Metadata.NamespaceProperty) ? null : obj.Metadata.NamespaceProperty,
            obj.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            cancellationToken);
    }
}
