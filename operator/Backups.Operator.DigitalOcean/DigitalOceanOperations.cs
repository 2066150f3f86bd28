namespace Backups.Operator.DigitalOcean;

/// <summary>The operation names the client reports to <see cref="Metrics.IDigitalOceanClientMetrics"/> and logs.</summary>
public static class DigitalOceanOperations
{
    public const string GetAccount = "get_account";
    public const string GetDroplet = "get_droplet";
    public const string ListDropletSnapshots = "list_droplet_snapshots";
    public const string ListDropletActions = "list_droplet_actions";
    public const string SnapshotDroplet = "snapshot_droplet";
    public const string RebuildDroplet = "rebuild_droplet";
    public const string GetAction = "get_action";
    public const string GetDropletAction = "get_droplet_action";
    public const string GetSnapshot = "get_snapshot";
    public const string DeleteSnapshot = "delete_snapshot";
    public const string CreateDroplet = "create_droplet";
    public const string ListDroplets = "list_droplets";
    public const string DeleteDroplet = "delete_droplet";
    public const string ListSizes = "list_sizes";
}
