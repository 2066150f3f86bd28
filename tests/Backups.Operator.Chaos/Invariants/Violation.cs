namespace Backups.Operator.Chaos.Invariants;

/// <summary>One broken invariant: which, what exactly, and the kill point it followed (null: not tied to one).</summary>
public sealed record Violation(string Invariant, string Detail, int? KillPoint)
{
    public const string DuplicatePost = "at most one snapshot POST per Backup";
    public const string Orphan = "no operator snapshot left after the policies are deleted";
    public const string BackupNotSettled = "every Backup ends Available or Error";
    public const string RestoreNotSettled = "every restore ends Succeeded or Failed";
    public const string ForeignTouched = "no snapshot the operator did not make is touched";
    public const string NotDeleted = "deleting the policies removes every Backup, restore and policy";

    /// <summary>Every invariant the campaign checks, in the order of the report.</summary>
    public static IReadOnlyList<string> Invariants { get; } = [DuplicatePost, Orphan, BackupNotSettled, RestoreNotSettled, ForeignTouched, NotDeleted];

    public override string ToString() => KillPoint is { } point ? $"[{Invariant}] {Detail} (after kill point {point})" : $"[{Invariant}] {Detail}";
}
