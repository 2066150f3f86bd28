namespace Backups.Operator.Rules.Cost;

/// <summary>The price of snapshot storage in USD per GB-month (DigitalOcean's list price is 0.06).</summary>
public readonly record struct SnapshotPrice
{
    /// <summary>DigitalOcean's list price: 0.06 USD per GB-month.</summary>
    public const double DefaultPerGigabyteMonth = 0.06;

    /// <summary>A price.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public SnapshotPrice(double perGigabyteMonth)
    {
        if (!double.IsFinite(perGigabyteMonth) || perGigabyteMonth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(perGigabyteMonth), perGigabyteMonth, "The price per GB-month must be a finite number >= 0.");
        }

        PerGigabyteMonth = perGigabyteMonth;
    }

    /// <summary>The default price.</summary>
    public static SnapshotPrice Default { get; } = new(DefaultPerGigabyteMonth);

    /// <summary>USD per GB-month.</summary>
    public double PerGigabyteMonth { get; }
}
