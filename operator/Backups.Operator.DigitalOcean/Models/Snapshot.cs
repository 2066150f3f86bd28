namespace Backups.Operator.DigitalOcean.Models;

/// <summary>A droplet snapshot. <paramref name="Id"/> is always a string (the API sends an integer under
/// <c>/v2/droplets/{id}/snapshots</c> and a string under <c>/v2/snapshots</c>); <see cref="ImageId"/> is its integer form
/// for <c>rebuild</c>. <paramref name="ResourceId"/> is the source droplet (filled from the path for droplet listings).</summary>
/// <param name="SizeGigabytes">The billable, compressed size.</param>
/// <param name="MinDiskSize">The smallest disk (GB) a droplet restored from it may have.</param>
public sealed record Snapshot(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    long? ResourceId,
    string? ResourceType,
    double SizeGigabytes,
    int MinDiskSize,
    IReadOnlyList<string> Regions)
{
    /// <summary>The integer image id, or null for a non-numeric (volume snapshot) id.</summary>
    public long? ImageId => long.TryParse(Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
