using Backups.Operator.Resources;

namespace Backups.Operator.Credentials;

/// <summary>
/// Keeps finalizer <c>backup.platform.dev/credentials-in-use</c> on a policy's credentials Secret while a policy or a
/// Backup in the namespace still needs its token, so deleting a whole namespace cannot strand snapshots without a token.
/// Called by the BackupPolicy reconciler.
/// </summary>
public interface ICredentialsInUseFinalizer
{
    /// <summary>
    /// Adds the finalizer to the Secret named by <c>spec.credentialsSecretRef</c> (no-op without one, or when the Secret
    /// does not exist — the credentials check reports that). Returns whether the Secret now carries the finalizer.
    /// </summary>
    Task<bool> EnsureAsync(BackupPolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="EnsureAsync"/> for the Secret the policy uses now, and: when the policy used another Secret before (recorded
    /// in the policy's annotation <c>backup.platform.dev/credentials-secret</c>), releases that one unless another policy
    /// still uses it; then records the current one. Returns the (possibly updated) policy and the current Secret.
    /// </summary>
    Task<CredentialsHold> SyncAsync(BackupPolicy policy, CancellationToken cancellationToken);

    /// <summary>The Secret name recorded on <paramref name="policy"/> as the one it holds, if any.</summary>
    string? HeldSecret(BackupPolicy policy);

    /// <summary>
    /// Removes the finalizer from Secret <paramref name="secretName"/> in <paramref name="ns"/> unless a BackupPolicy other
    /// than <paramref name="releasingPolicy"/> still references it, or a Backup of any policy referencing it (including
    /// <paramref name="releasingPolicy"/>) still exists. Call it when a policy is finished with the Secret (its Backups are
    /// gone, right before its own finalizer is removed, or when its credentialsSecretRef changed away from the Secret).
    /// Returns true when the Secret no longer carries the finalizer (or is gone).
    /// </summary>
    Task<bool> ReleaseIfUnusedAsync(string ns, string secretName, string? releasingPolicy, CancellationToken cancellationToken);
}
