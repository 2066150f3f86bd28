namespace Backups.Operator.DigitalOcean;

/// <summary>
/// How a request competes for its token's budget (docs/digitalocean-api.md, "Rate limits"). <see cref="Normal"/> work
/// (due backups, restores, deletions, checks of a new or changed policy) may use the whole budget; <see cref="Background"/>
/// work (periodic checks of existing snapshots and policies) uses only what normal work leaves: it never takes a slot
/// while a normal request is waiting for one, and never the last 20 % of either window.
/// </summary>
public enum RequestPriority
{
    Normal,
    Background,
}
