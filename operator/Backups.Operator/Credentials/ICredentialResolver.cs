using Backups.Operator.Resources;

namespace Backups.Operator.Credentials;

/// <summary>Finds the DigitalOcean token a policy may use, enforcing tenancy.</summary>
public interface ICredentialResolver
{
    /// <summary>
    /// With <c>spec.credentialsSecretRef</c>: that Secret's key (default <c>token</c>) in the policy's namespace, else
    /// <c>CredentialsNotFound</c>. Without it: the platform token, but only when the policy's droplet is listed in the
    /// namespace annotation <c>backup.platform.dev/allowed-droplets</c>, else <c>NotOwner</c>; no platform token configured
    /// → <c>CredentialsNotFound</c>. Kubernetes API failures other than not-found throw (the controller retries).
    /// </summary>
    Task<CredentialResolution> ResolveAsync(BackupPolicy policy, CancellationToken cancellationToken);
}
