using System.Diagnostics;

namespace Backups.Operator.Kubernetes.Tests;

/// <summary>Polls a condition until it holds or a generous deadline passes (for loops that run on real threads).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<TimeSpan> HoldsAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (!condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                throw new TimeoutException($"Condition not met within {limit}: {because}");
            }

            await Task.Delay(10);
        }

        return stopwatch.Elapsed;
    }

    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (!await condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                throw new TimeoutException($"Condition not met within {limit}: {because}");
            }

            await Task.Delay(20);
        }

        return stopwatch.Elapsed;
    }
}
