namespace Backups.Operator.Rules.Retention;

/// <summary>A decision to delete one Backup (through the same path as a user delete), with its reason.</summary>
/// <param name="BackupName">The Backup to delete.</param>
/// <param name="Reason">Why.</param>
public sealed record BackupDeletion(string BackupName, DeletionReason Reason);
