using Backups.Operator.Simulator.Verification;

namespace Backups.Operator.Simulator.State;

// What a droplet created through POST /v2/droplets carries besides what a seeded droplet has.
internal sealed partial class SimDroplet
{
    public List<string> Tags { get; } = [];

    /// <summary>The snapshot it was created from, or null for a seeded droplet.</summary>
    public long? FromSnapshotId { get; init; }

    /// <summary>Its application (own loopback address), started when the create action completes.</summary>
    public DropletApplication? Application { get; set; }
}
