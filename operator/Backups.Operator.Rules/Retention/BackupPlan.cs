namespace Backups.Operator.Rules.Retention;

/// <summary>What <see cref="BackupPlanner.Plan"/> decided for a policy's backups at one instant.</summary>
/// <param name="Deletions">Backups to delete, oldest first, each with one reason (expiry wins over retention).</param>
/// <param name="NextExpiry">
/// The earliest future <c>expiresAt</c> of a backup that will then be deleted (requeue at exactly this instant);
/// <see langword="null"/> when nothing is waiting to expire. Backups that the rules are waiting on for another reason
/// (the newest Available one, a Creating or Restoring one) are re-planned when their phase or a newer backup changes.
/// </param>
/// <param name="NewestAvailable">The name of the newest Available (or Restoring) backup, which is never deleted.</param>
public sealed record BackupPlan(IReadOnlyList<BackupDeletion> Deletions, DateTimeOffset? NextExpiry, string? NewestAvailable)
{
    /// <summary>Whether <paramref name="backupName"/> is among the <see cref="Deletions"/>.</summary>
    public bool Deletes(string backupName) => Deletions.Any(d => string.Equals(d.BackupName, backupName, StringComparison.Ordinal));
}
