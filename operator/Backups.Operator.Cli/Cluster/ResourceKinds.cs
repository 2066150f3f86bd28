namespace Backups.Operator.Cli.Cluster;

/// <summary>One of the operator's kinds: its Kind, plural (the API path) and the words people use in messages.</summary>
public sealed record ResourceKind(string Kind, string Plural, string Noun)
{
    /// <summary>The plural as people write it in messages, e.g. "BackupRestores".</summary>
    public string KindPlural => Kind.EndsWith('y') ? Kind[..^1] + "ies" : Kind + "s";
}

/// <summary>The three kinds of <c>backup.platform.dev</c>.</summary>
public static class ResourceKinds
{
    public static ResourceKind Backup { get; } = new("Backup", "backups", "backup");

    public static ResourceKind Policy { get; } = new("BackupPolicy", "backuppolicies", "policy");

    public static ResourceKind Restore { get; } = new("BackupRestore", "backuprestores", "restore");

    public static ResourceKind Verification { get; } = new("BackupVerification", "backupverifications", "verification");
}
