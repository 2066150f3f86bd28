namespace Backups.Operator.DigitalOcean.Models;

/// <summary><c>POST /v2/droplets</c> from a snapshot image: <c>{"name","region","size","image","tags"}</c>.</summary>
/// <param name="Name">The droplet's name (the operator's is deterministic, so an ambiguous POST is found again by it).</param>
/// <param name="Region">A region the image is stored in.</param>
/// <param name="Size">A size slug whose disk is at least the image's <c>min_disk_size</c>.</param>
/// <param name="Image">The snapshot's integer image id.</param>
/// <param name="Tags">Tags set at creation (letters, digits, <c>:</c>, <c>-</c>, <c>_</c>).</param>
public sealed record DropletCreateRequest(string Name, string Region, string Size, long Image, IReadOnlyList<string> Tags);

/// <summary>The 202 answer of <c>POST /v2/droplets</c>: the new droplet (status <c>new</c>) and its create action, if linked.</summary>
public sealed record DropletCreation(Droplet Droplet, long? CreateActionId);

/// <summary>One droplet size of <c>GET /v2/sizes</c>.</summary>
public sealed record DropletSize(string Slug, int MemoryMegabytes, int Vcpus, int DiskGigabytes, double PriceHourly, double PriceMonthly, IReadOnlyList<string> Regions, bool Available);

/// <summary>What a successful droplet delete found.</summary>
public enum DropletDeletion
{
    /// <summary>204: the droplet was destroyed by this call.</summary>
    Deleted,

    /// <summary>404: the droplet was already gone (counts as done).</summary>
    AlreadyGone,
}
