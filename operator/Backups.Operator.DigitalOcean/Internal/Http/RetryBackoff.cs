namespace Backups.Operator.DigitalOcean.Internal.Http;

/// <summary>Exponential backoff with "equal jitter": half of the step is fixed, half random, so retries spread out but never hammer.</summary>
internal static class RetryBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var exponent = Math.Min(attempt, 30);
        var step = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((step / 2) + (step / 2 * Math.Clamp(random, 0, 1)));
    }
}
