namespace Backups.Operator.DigitalOcean.Models;

/// <summary>A DigitalOcean action (named so it does not clash with <see cref="System.Action"/>).</summary>
/// <param name="Status">See <see cref="DropletActionStatus"/>.</param>
/// <param name="Type">For example <c>snapshot</c> or <c>rebuild</c>.</param>
/// <param name="ResourceId">The droplet id for droplet actions (not the snapshot id: a snapshot action never returns it).</param>
public sealed record DropletAction(
    long Id,
    string Status,
    string Type,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    long? ResourceId,
    string? ResourceType,
    string? RegionSlug)
{
    public bool IsInProgress => string.Equals(Status, DropletActionStatus.InProgress, StringComparison.OrdinalIgnoreCase);

    public bool IsCompleted => string.Equals(Status, DropletActionStatus.Completed, StringComparison.OrdinalIgnoreCase);

    public bool IsErrored => string.Equals(Status, DropletActionStatus.Errored, StringComparison.OrdinalIgnoreCase);
}
