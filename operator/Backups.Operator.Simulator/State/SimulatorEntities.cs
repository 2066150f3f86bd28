namespace Backups.Operator.Simulator.State;

// Mutable entities, touched only under SimulatorState's lock.

internal sealed class SimAccount(string token, string uuid, string email, int dropletLimit)
{
    public string Token { get; } = token;

    public string Uuid { get; } = uuid;

    public string Email { get; } = email;

    public int DropletLimit { get; } = dropletLimit;

    /// <summary>A revoked token authenticates nothing (401) until it is reinstated.</summary>
    public bool Revoked { get; set; }
}

internal sealed partial class SimDroplet
{
    public required long Id { get; init; }

    public required SimAccount Account { get; init; }

    public required string Name { get; init; }

    public required string RegionSlug { get; init; }

    public required string SizeSlug { get; init; }

    public required int DiskGigabytes { get; init; }

    public required int MemoryMegabytes { get; init; }

    public required int Vcpus { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Status { get; set; }

    public required double UsedGigabytes { get; set; }

    public required string DataVersion { get; set; }

    /// <summary>Locked from the admin API (DigitalOcean reports <c>locked: true</c> during some operations of its own).</summary>
    public bool AdminLocked { get; set; }

    public SimAction? PendingAction { get; set; }

    public List<long> SnapshotIds { get; } = [];
}

internal sealed class SimAction
{
    public required long Id { get; init; }

    public required SimDroplet Droplet { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public required bool WillError { get; init; }

    /// <summary>Snapshot: the name to give the image.</summary>
    public string? SnapshotName { get; init; }

    /// <summary>What the disk held when the action started (snapshot) or what it will hold (rebuild).</summary>
    public required string DataVersion { get; init; }

    /// <summary>Used disk to capture (snapshot) or to restore (rebuild).</summary>
    public required double UsedGigabytes { get; init; }

    /// <summary>Rebuild: the image written to the disk.</summary>
    public long? ImageId { get; init; }

    public string Status { get; set; } = "in-progress";

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Snapshot: the image created on completion.</summary>
    public long? CreatedSnapshotId { get; set; }
}

internal sealed class SimSnapshot
{
    public required long Id { get; init; }

    public required SimAccount Account { get; init; }

    public required long DropletId { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string RegionSlug { get; init; }

    public required int MinDiskSize { get; init; }

    public required double SizeGigabytes { get; init; }

    public required double UsedGigabytes { get; init; }

    public required string DataVersion { get; init; }

    public required long ActionId { get; init; }
}
