namespace Backups.Operator.Simulator.Api.Wire;

// The JSON shapes of DigitalOcean API v2 responses (serialized snake_case, nulls kept), as docs/digitalocean-api.md describes them.

internal sealed record RegionWire(string Name, string Slug, string[] Features, bool Available, string[] Sizes);

internal sealed record ActionWire(
    long Id,
    string Status,
    string Type,
    string StartedAt,
    string? CompletedAt,
    long ResourceId,
    string ResourceType,
    RegionWire Region,
    string RegionSlug);

internal sealed record DiskInfoWire(string Type, DiskSizeWire Size);

internal sealed record DiskSizeWire(int Amount, string Unit);

internal sealed record SizeWire(
    string Slug,
    int Memory,
    int Vcpus,
    int Disk,
    double Transfer,
    double PriceMonthly,
    double PriceHourly,
    string[] Regions,
    bool Available,
    string Description);

internal sealed record ImageWire(long Id, string Name, string Distribution, string? Slug, bool Public, string[] Regions, string Type, int MinDiskSize, string Status);

internal sealed record NetworksWire(object[] V4, object[] V6);

internal sealed record NetworkV4Wire(string IpAddress, string Netmask, string Gateway, string Type);

internal sealed record DropletWire(
    long Id,
    string Name,
    int Memory,
    int Vcpus,
    int Disk,
    DiskInfoWire[] DiskInfo,
    bool Locked,
    string Status,
    object? Kernel,
    string CreatedAt,
    string[] Features,
    long[] BackupIds,
    object? NextBackupWindow,
    long[] SnapshotIds,
    ImageWire Image,
    string[] VolumeIds,
    SizeWire Size,
    string SizeSlug,
    NetworksWire Networks,
    RegionWire Region,
    string[] Tags,
    string VpcUuid);

/// <summary>An item of <c>GET /v2/droplets/{id}/snapshots</c>: integer id, image-like fields.</summary>
internal sealed record DropletSnapshotWire(
    long Id,
    string Name,
    string Distribution,
    string? Slug,
    bool Public,
    string[] Regions,
    string CreatedAt,
    int MinDiskSize,
    double SizeGigabytes,
    string Type);

/// <summary>An item of <c>/v2/snapshots</c>: string id and string resource_id.</summary>
internal sealed record SnapshotWire(
    string Id,
    string Name,
    string CreatedAt,
    string[] Regions,
    string ResourceId,
    string ResourceType,
    int MinDiskSize,
    double SizeGigabytes,
    string[] Tags);

internal sealed record AccountWire(int DropletLimit, int FloatingIpLimit, int VolumeLimit, string Email, string Uuid, bool EmailVerified, string Status, string StatusMessage);

internal sealed record ErrorWire(string Id, string Message, string RequestId);
