using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// What a droplet's action list says about a snapshot request whose outcome is unknown. The list is read whole (every
/// page) and no order is assumed (DigitalOcean documents none); an action counts when it started at or after the request,
/// allowing <see cref="ClockSkew"/> between our clock and DigitalOcean's. An action whose id another Backup records in
/// its status is that Backup's (an action id is only ever recorded from the answer to its own POST), so it is no trace of
/// this request (docs/digitalocean-api.md, re-requesting a snapshot).
/// </summary>
public static class RequestTrace
{
    /// <summary>How far DigitalOcean's clock may be behind ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A description of an action that may be the request's (in progress, or a snapshot completed less than
    /// <paramref name="listingGrace"/> ago whose snapshot may not be listed yet), or null when the list shows no trace.
    /// Actions in <paramref name="othersActionIds"/> (recorded by other Backups) are not this request's and are skipped.
    /// </summary>
    public static string? Find(
        IEnumerable<DropletAction> actions, DateTimeOffset requestedAt, DateTimeOffset now, TimeSpan listingGrace, IReadOnlySet<long> othersActionIds)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(othersActionIds);
        foreach (var action in Since(actions, requestedAt))
        {
            if (othersActionIds.Contains(action.Id))
            {
                continue;
            }

            if (action.IsInProgress)
            {
                return $"an action in progress ({action.Type} {action.Id})";
            }

            if (IsSnapshot(action) && action.IsCompleted && action.CompletedAt is { } done && now - done < listingGrace)
            {
                return $"a snapshot action that completed at {done:u} ({action.Id})";
            }
        }

        return null;
    }

    /// <summary>An in-progress action on the droplet that started at or after <paramref name="requestedAt"/>, or null.</summary>
    public static DropletAction? InProgressSince(IEnumerable<DropletAction> actions, DateTimeOffset requestedAt)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return Since(actions, requestedAt).FirstOrDefault(static a => a.IsInProgress);
    }

    private static IEnumerable<DropletAction> Since(IEnumerable<DropletAction> actions, DateTimeOffset requestedAt) =>
        actions.Where(a => a.StartedAt is not { } s || s >= requestedAt - ClockSkew);

    private static bool IsSnapshot(DropletAction action) => string.Equals(action.Type, "snapshot", StringComparison.OrdinalIgnoreCase);
}
