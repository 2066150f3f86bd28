using Backups.Operator.Api;
using Backups.Operator.Cli;
using Backups.Operator.Cli.Cluster;
using k8s.Models;

namespace Backups.Operator.Cli.Tests.TestSupport;

/// <summary>An in-memory namespace for the commands: policies, backups, restores, events; records what was created and deleted.</summary>
public sealed class FakeBackupsApi(string @namespace = "team-a") : IBackupsApi
{
    public string Namespace { get; } = @namespace;

    public List<PolicyResource> Policies { get; } = [];

    public List<BackupResource> Backups { get; } = [];

    public List<RestoreResource> Restores { get; } = [];

    public List<VerificationResource> Verifications { get; } = [];

    public List<Corev1Event> Events { get; } = [];

    public List<string> Deleted { get; } = [];

    /// <summary>When set, every call fails with it (e.g. the operator is not installed).</summary>
    public CliException? Failure { get; set; }

    public Task<PolicyResource?> GetPolicyAsync(string name, CancellationToken cancellationToken) => Answer(Policies.FirstOrDefault(p => p.Name == name));

    public Task<IReadOnlyList<PolicyResource>> ListPoliciesAsync(CancellationToken cancellationToken) => Answer<IReadOnlyList<PolicyResource>>([.. Policies]);

    public Task<BackupResource?> GetBackupAsync(string name, CancellationToken cancellationToken) => Answer(Backups.FirstOrDefault(b => b.Name == name));

    public Task<IReadOnlyList<BackupResource>> ListBackupsAsync(string? policyName, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<BackupResource>>([.. Backups.Where(b => policyName is null || b.Spec.PolicyName == policyName)]);

    public Task<RestoreResource?> GetRestoreAsync(string name, CancellationToken cancellationToken) => Answer(Restores.FirstOrDefault(r => r.Name == name));

    public Task<IReadOnlyList<RestoreResource>> ListRestoresAsync(CancellationToken cancellationToken) => Answer<IReadOnlyList<RestoreResource>>([.. Restores]);

    public Task<BackupResource> CreateBackupAsync(BackupResource backup, CancellationToken cancellationToken)
    {
        backup.Metadata.Name ??= backup.Metadata.GenerateName + "abcde";
        backup.Metadata.CreationTimestamp = DateTime.UtcNow;
        Backups.Add(backup);
        return Answer(backup);
    }

    public Task<RestoreResource> CreateRestoreAsync(RestoreResource restore, CancellationToken cancellationToken)
    {
        restore.Metadata.Name ??= restore.Metadata.GenerateName + "abcde";
        Restores.Add(restore);
        return Answer(restore);
    }

    public Task<VerificationResource?> GetVerificationAsync(string name, CancellationToken cancellationToken) =>
        Answer(Verifications.FirstOrDefault(v => v.Name == name));

    public Task<VerificationResource> CreateVerificationAsync(VerificationResource verification, CancellationToken cancellationToken)
    {
        verification.Metadata.Name ??= verification.Metadata.GenerateName + "abcde";
        Verifications.Add(verification);
        return Answer(verification);
    }

    public Task<bool> DeleteBackupAsync(string name, CancellationToken cancellationToken)
    {
        Deleted.Add(name);
        return Answer(Backups.RemoveAll(b => b.Name == name) > 0);
    }

    public Task<IReadOnlyList<Corev1Event>> EventsAsync(string kind, string name, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<Corev1Event>>([.. Events.Where(e => e.InvolvedObject.Kind == kind && e.InvolvedObject.Name == name)]);

    public PolicyResource AddPolicy(string name, long dropletId, Plan plan)
    {
        var policy = new PolicyResource
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, CreationTimestamp = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) },
            Spec = new BackupPolicySpec { DropletId = dropletId, Plan = plan },
        };
        Policies.Add(policy);
        return policy;
    }

    public BackupResource AddBackup(string name, string policy, BackupPhase? phase, long dropletId = 3164444, BackupType type = BackupType.Manual,
        DateTimeOffset? created = null, double? size = 0.8, string? snapshotId = "1001", DeletionPolicy deletionPolicy = DeletionPolicy.Delete,
        string? reason = null, string? message = null)
    {
        var at = created ?? new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        var backup = new BackupResource
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, CreationTimestamp = at.UtcDateTime },
            Spec = new BackupSpec { PolicyName = policy, Type = type },
            Status = phase is null ? null : new BackupStatus
            {
                Phase = phase,
                DropletId = dropletId,
                SnapshotId = phase == BackupPhase.Available ? snapshotId : null,
                SizeGigabytes = phase == BackupPhase.Available ? size : null,
                DeletionPolicy = deletionPolicy,
                StartedAt = at,
                CompletedAt = phase == BackupPhase.Available ? at.AddMinutes(4) : null,
                ExpiresAt = at.AddDays(90),
                Reason = reason,
                Message = message,
            },
        };
        Backups.Add(backup);
        return backup;
    }

    private Task<T> Answer<T>(T value) => Failure is { } failure ? Task.FromException<T>(failure) : Task.FromResult(value);
}
