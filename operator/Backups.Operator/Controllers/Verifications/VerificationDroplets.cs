using Backups.Operator.Api;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>
/// Names, tags and sizes of temporary verification droplets. The name (<c>bkv-&lt;uid&gt;</c>) and the tags
/// (<c>backups-operator</c> and the verification's uid) follow from the object alone, so a lost create response is found
/// again by tag, and the sweep recognises the operator's droplets. See docs/design.md, "Verifications".
/// </summary>
public static class VerificationDroplets
{
    /// <summary>The droplet name of a verification: deterministic, a valid hostname.</summary>
    public static string NameOf(BackupVerification verification) => "bkv-" + verification.Metadata.Uid;

    /// <summary>The tag that names one verification's droplet: its uid.</summary>
    public static string UidTag(BackupVerification verification) => verification.Metadata.Uid;

    /// <summary>The tags set on creation.</summary>
    public static IReadOnlyList<string> TagsOf(BackupVerification verification) => [ApiConstants.VerificationDropletTag, UidTag(verification)];

    /// <summary>True when <paramref name="droplet"/> carries both tags of <paramref name="verification"/> and its name.</summary>
    public static bool IsDropletOf(Droplet droplet, BackupVerification verification) =>
        droplet.Tags.Contains(ApiConstants.VerificationDropletTag, StringComparer.Ordinal)
        && droplet.Tags.Contains(UidTag(verification), StringComparer.Ordinal)
        && string.Equals(droplet.Name, NameOf(verification), StringComparison.Ordinal);

    /// <summary>
    /// The size to create: <paramref name="requested"/> when given (and known), else the smallest available size in the
    /// region whose disk holds the snapshot's <c>min_disk_size</c> (cheapest first among equal disks). Null: none fits.
    /// </summary>
    public static DropletSize? ChooseSize(IReadOnlyList<DropletSize> sizes, string? requested, int minDiskGigabytes, string region)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (!string.IsNullOrEmpty(requested))
        {
            return sizes.FirstOrDefault(s => string.Equals(s.Slug, requested, StringComparison.Ordinal));
        }

        return sizes
            .Where(s => s.Available && s.DiskGigabytes >= minDiskGigabytes && (s.Regions.Count == 0 || s.Regions.Contains(region, StringComparer.Ordinal)))
            .OrderBy(s => s.DiskGigabytes)
            .ThenBy(s => s.PriceHourly)
            .ThenBy(s => s.Slug, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>
    /// The estimated cost of a run in USD: the size's hourly price for every started hour, at least one (DigitalOcean's
    /// droplet billing is hourly with a one-hour minimum), rounded to 5 decimals.
    /// </summary>
    public static double EstimatedCost(double priceHourly, TimeSpan existed)
    {
        var hours = Math.Max(1, Math.Ceiling(existed.TotalHours));
        return Math.Round(priceHourly * hours, 5);
    }
}
