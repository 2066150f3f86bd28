namespace Backups.Operator.Kubernetes.Tests;

/// <summary>
/// Closes the server's watches until the informer has started a new one. An informer counts a watch when it sends the
/// request, so a single close can come before the server registered that watch and then close nothing.
/// </summary>
public static class WatchClosing
{
    public static Task<TimeSpan> CloseUntilRewatchedAsync(TestApiServer api, Func<long> watchesStarted)
    {
        var before = watchesStarted();
        return Eventually.HoldsAsync(
            () =>
            {
                if (watchesStarted() > before)
                {
                    return true;
                }

                api.Server.Faults.CloseAllWatches();
                return false;
            },
            "re-watched after the close");
    }
}
