namespace Backups.Operator.Simulator.State;

/// <summary>An account as the admin API shows it (never its token).</summary>
public sealed record SimulatedAccount(string Uuid, string Email, int DropletLimit, IReadOnlyList<long> DropletIds);

/// <summary>A droplet as the admin API and in-process tests see it, including its <see cref="DataVersion"/>.</summary>
public sealed record SimulatedDroplet(
    long Id,
    string AccountUuid,
    string Name,
    string Status,
    bool Locked,
    string RegionSlug,
    string SizeSlug,
    int DiskGigabytes,
    double UsedGigabytes,
    int MemoryMegabytes,
    int Vcpus,
    DateTimeOffset CreatedAt,
    string DataVersion,
    long? PendingActionId,
    IReadOnlyList<long> SnapshotIds)
{
    /// <summary>The droplet's tags (verification droplets carry <c>backups-operator</c> and their verification's uid).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The public IPv4 address, once a droplet created through the API is active (a loopback address of its own).</summary>
    public string? PublicIPv4 { get; init; }
}

/// <summary>An action with what it will do (for tests).</summary>
public sealed record SimulatedAction(
    long Id,
    long DropletId,
    string RegionSlug,
    string Type,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? CompletedAt,
    long? ImageId,
    long? CreatedSnapshotId);

/// <summary>A snapshot with the data version it captured.</summary>
public sealed record SimulatedSnapshot(
    long Id,
    long DropletId,
    string AccountUuid,
    string Name,
    DateTimeOffset CreatedAt,
    double SizeGigabytes,
    int MinDiskSize,
    string RegionSlug,
    string DataVersion,
    long ActionId);

/// <summary>What to create for <see cref="SimulatorState.AddDroplet"/>; unset fields get realistic defaults.</summary>
public sealed record DropletSpec
{
    public long? Id { get; init; }

    public required string Name { get; init; }

    public string Region { get; init; } = "nyc3";

    public string SizeSlug { get; init; } = "s-1vcpu-2gb";

    public int DiskGigabytes { get; init; } = 50;

    public double UsedGigabytes { get; init; } = 5;

    public int MemoryMegabytes { get; init; } = 2048;

    public int Vcpus { get; init; } = 1;

    public string Status { get; init; } = "active";

    public string? DataVersion { get; init; }

    /// <summary>Names of snapshots the droplet already has (each with its completed snapshot action), e.g. to seed a large state for a benchmark.</summary>
    public IReadOnlyList<string>? Snapshots { get; init; }
}
