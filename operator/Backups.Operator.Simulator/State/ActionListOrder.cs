namespace Backups.Operator.Simulator.State;

/// <summary>The order of <c>GET /v2/droplets/{id}/actions</c>. DigitalOcean documents none; clients must not rely on one.</summary>
public enum ActionListOrder
{
    NewestFirst,
    OldestFirst,
}
