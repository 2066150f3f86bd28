using k8s.Models;

namespace Backups.Operator.Cli.Cluster;

/// <summary>
/// The plugin's view of the cluster: the operator's three kinds and their events in one namespace. Every call is
/// bounded by the request timeout; failures arrive as <see cref="CliException"/> with a sentence and an exit code.
/// </summary>
public interface IBackupsApi
{
    /// <summary>The namespace the calls go to.</summary>
    string Namespace { get; }

    Task<PolicyResource?> GetPolicyAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<PolicyResource>> ListPoliciesAsync(CancellationToken cancellationToken);

    Task<BackupResource?> GetBackupAsync(string name, CancellationToken cancellationToken);

    /// <summary>The namespace's Backups, or those of one policy.</summary>
    Task<IReadOnlyList<BackupResource>> ListBackupsAsync(string? policyName, CancellationToken cancellationToken);

    Task<RestoreResource?> GetRestoreAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RestoreResource>> ListRestoresAsync(CancellationToken cancellationToken);

    Task<BackupResource> CreateBackupAsync(BackupResource backup, CancellationToken cancellationToken);

    Task<RestoreResource> CreateRestoreAsync(RestoreResource restore, CancellationToken cancellationToken);

    Task<VerificationResource?> GetVerificationAsync(string name, CancellationToken cancellationToken);

    Task<VerificationResource> CreateVerificationAsync(VerificationResource verification, CancellationToken cancellationToken);

    /// <summary>Deletes a Backup; false when it was already gone.</summary>
    Task<bool> DeleteBackupAsync(string name, CancellationToken cancellationToken);

    /// <summary>The events about one object, oldest first.</summary>
    Task<IReadOnlyList<Corev1Event>> EventsAsync(string kind, string name, CancellationToken cancellationToken);
}
