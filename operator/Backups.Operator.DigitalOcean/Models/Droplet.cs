namespace Backups.Operator.DigitalOcean.Models;

/// <summary>The droplet fields the operator uses (<c>GET /v2/droplets/{id}</c>).</summary>
/// <param name="Status"><c>new</c>, <c>active</c>, <c>off</c> or <c>archive</c>.</param>
/// <param name="Locked">True while an action (event) is pending on the droplet.</param>
/// <param name="DiskGigabytes">The allocated disk in GB (DigitalOcean does not report the used size).</param>
public sealed record Droplet(
    long Id,
    string Name,
    string Status,
    bool Locked,
    int DiskGigabytes,
    int MemoryMegabytes,
    int Vcpus,
    string? SizeSlug,
    string? RegionSlug,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<long> SnapshotIds)
{
    /// <summary>The droplet's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The first <c>networks.v4</c> address of type <c>public</c>, or null (none yet while the droplet is new).</summary>
    public string? PublicIPv4 { get; init; }
}
