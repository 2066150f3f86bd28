using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>
/// Records a finished verification on its Backup: <c>status.verifiedAt</c> and <c>status.verification {name, result}</c>,
/// written as a JSON merge patch of only those two fields (no resourceVersion), so it never overwrites what the Backup
/// controller writes, and the Backup controller keeps them because it builds its desired status from a copy of the
/// current one. Only a verification that got as far as requesting a droplet says something about the snapshot; one
/// that failed before (no fitting size, backup not Available) is not recorded. An older verification never replaces a
/// newer one. See docs/design.md, "Verifications".
/// </summary>
internal static class BackupVerificationRecorder
{
    /// <summary>True when <paramref name="verification"/> has ended with a verdict that is not yet on <paramref name="backup"/>.</summary>
    public static bool IsDue(BackupVerification verification, Backup backup)
    {
        var status = verification.Status;
        if (status?.Phase is not (VerificationPhase.Passed or VerificationPhase.Failed) || status.StartedAt is null || status.CompletedAt is not { } completed)
        {
            return false;
        }

        var recorded = backup.Status;
        if (recorded?.VerifiedAt is { } at && at > completed)
        {
            return false;
        }

        return recorded?.VerifiedAt != completed
               || recorded.Verification?.Name != verification.Metadata.Name
               || recorded.Verification.Result != ResultOf(verification);
    }

    /// <summary>Patches the two fields onto the Backup's status.</summary>
    public static Task<Backup> WriteAsync(IResourceClient<Backup> backups, Backup backup, BackupVerification verification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(backup);
        var record = new BackupStatus
        {
            VerifiedAt = verification.Status!.CompletedAt,
            Verification = new BackupVerificationRecord { Name = verification.Metadata.Name, Result = ResultOf(verification) },
        };
        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(record)) };
        return backups.PatchStatusAsync(backup.Metadata.NamespaceProperty, backup.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken);
    }

    private static VerificationResult ResultOf(BackupVerification verification) =>
        verification.Status?.Phase == VerificationPhase.Passed ? VerificationResult.Passed : VerificationResult.Failed;
}
