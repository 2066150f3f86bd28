using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;

namespace Backups.Operator.Rules.Tests.TestSupport;

/// <summary>Backup records relative to a fixed <see cref="Now"/>.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static BackupRecord Auto(string name, double daysAgo, BackupPhase? phase = BackupPhase.Available) =>
        Make(name, BackupType.Automatic, daysAgo, phase);

    public static BackupRecord Manual(string name, double daysAgo, BackupPhase? phase = BackupPhase.Available) =>
        Make(name, BackupType.Manual, daysAgo, phase);

    /// <summary><paramref name="count"/> available automatic backups named a01.. (a01 newest), one day apart, starting <paramref name="firstDaysAgo"/>.</summary>
    public static List<BackupRecord> DailyAutos(int count, double firstDaysAgo = 1, string prefix = "a") =>
        Enumerable.Range(1, count).Select(i => Auto($"{prefix}{i:00}", firstDaysAgo + i - 1)).ToList();

    /// <summary><paramref name="count"/> available manual backups named m01.. (m01 newest), one day apart.</summary>
    public static List<BackupRecord> DailyManuals(int count, double firstDaysAgo = 1) =>
        Enumerable.Range(1, count).Select(i => Manual($"m{i:00}", firstDaysAgo + i - 1)).ToList();

    private static BackupRecord Make(string name, BackupType type, double daysAgo, BackupPhase? phase)
    {
        var created = Now - TimeSpan.FromDays(daysAgo);
        return new BackupRecord
        {
            Name = name,
            Type = type,
            Phase = phase,
            CreatedAt = created,
            CompletedAt = phase is BackupPhase.Available or BackupPhase.Restoring ? created + TimeSpan.FromMinutes(5) : null,
        };
    }
}
