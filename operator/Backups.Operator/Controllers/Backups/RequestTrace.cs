using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// What a droplet's action list says about a snapshot request whose outcome is unknown. The list is read whole (every
/// page) and no order is assumed (DigitalOcean documents none); an action counts when it started at or after the request,
/// allowing <see cref="ClockSkew"/> between our clock and DigitalOcean's.
/// </summary>
public static class RequestTrace
{
    /// <summary>How far DigitalOcean's clock may be behind ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A description of an action that may be the request's (in progress, or a snapshot completed less than
    /// <paramref name="listingGrace"/> ago whose snapshot may not be listed yet), or null when the list shows no trace.
    /// </summary>
    public static string? Find(IEnumerable<DropletAction> actions, DateTimeOffset requestedAt, DateTimeOffset now, TimeSpan listingGrace)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in Since(actions, requestedAt))
        {
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
