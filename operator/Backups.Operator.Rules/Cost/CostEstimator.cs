using Backups.Operator.Rules.Inventory;

namespace Backups.Operator.Rules.Cost;

/// <summary>Estimated monthly cost of snapshots: size × price per GB-month, in USD rounded to the cent.</summary>
public static class CostEstimator
{
    /// <summary>The monthly cost of one snapshot of <paramref name="sizeGigabytes"/> GB (0 for an unknown or non-positive size).</summary>
    public static double SnapshotMonthlyCost(double? sizeGigabytes, SnapshotPrice price) =>
        sizeGigabytes is { } size && double.IsFinite(size) && size > 0
            ? RoundToCents((decimal)size * (decimal)price.PerGigabyteMonth)
            : 0;

    /// <summary>The monthly cost of a policy's snapshots (every backup with a size that is not being deleted), for <c>status.estimatedMonthlyCost</c>.</summary>
    public static double MonthlyCost(IEnumerable<BackupRecord> backups, SnapshotPrice price)
    {
        ArgumentNullException.ThrowIfNull(backups);
        var total = 0m;
        foreach (var backup in backups)
        {
            if (!backup.IsDeleting && backup.SizeGigabytes is { } size && double.IsFinite(size) && size > 0)
            {
                total += (decimal)size * (decimal)price.PerGigabyteMonth;
            }
        }

        return RoundToCents(total);
    }

    private static double RoundToCents(decimal value) => (double)Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
