using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Resources;
using k8s.Models;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// Deletes a Backup on the policy's behalf through the same path as a user delete: first the annotation
/// <c>backup.platform.dev/deletion-reason</c> (so the Backup's finalizer counts the deletion under the right reason),
/// then DELETE. The finalizer of the Backup does the snapshot clean-up.
/// </summary>
internal sealed class BackupDeleter(IResourceClient<Backup> backups)
{
    /// <summary>Annotates and deletes; false when the Backup was already gone or going.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The Backup.</param>
    /// <param name="reason">The annotation value: <c>retention</c>, <c>expiry</c>, <c>cap</c> or <c>deployment</c>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task<bool> DeleteAsync(string ns, string name, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject { [ApiConstants.DeletionReasonAnnotation] = reason },
            },
        };
        Backup annotated;
        try
        {
            annotated = await backups.PatchAsync(ns, name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }

        if (annotated.Metadata.DeletionTimestamp is not null)
        {
            // Already going (an earlier reconcile, a user or the garbage collector): nothing to do.
            return false;
        }

        return await backups.DeleteAsync(ns, name, propagationPolicy: null, cancellationToken).ConfigureAwait(false);
    }
}
