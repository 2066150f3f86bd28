namespace Backups.Operator.DigitalOcean.Tests.TestSupport;

/// <summary>Waits for a condition (not for a duration), with a generous overall limit.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, int timeoutSeconds = 30)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Condition not met within {timeoutSeconds} s: {because}");
            }

            await Task.Yield();
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
