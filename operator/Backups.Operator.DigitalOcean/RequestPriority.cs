namespace Backups.Operator.DigitalOcean;

/// <summary>
/// How a request competes for its token's budget (docs/digitalocean-api.md, "Rate limits"). <see cref="Normal"/> work
/// (due backups, restores, deletions, checks of a new or changed policy) may use the whole budget; <see cref="Poll"/> work
/// (following a snapshot already requested) may too, but never takes a slot while a normal request is booked for one;
/// <see cref="Background"/> work (periodic checks of existing snapshots and policies) uses only what the others leave: it
/// never takes a slot while a normal or poll request is booked for one, and never the last 20 % of either window.
/// </summary>
public enum RequestPriority
{
    Normal,
    Background,

    /// <summary>
    /// Polls of work already started (an action in progress, the lookup of its snapshot): a late poll only delays
    /// Available, while a late POST misses the schedule, so polls wait while due work is booked.
    /// </summary>
    Poll,
}
