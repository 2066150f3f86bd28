using System.Diagnostics;
using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Testing;

/// <summary>
/// Waits on a condition of real processes (no fake clock reaches them): polls every 250 ms until the probe answers,
/// fails at once when one of the watched processes exits, and fails with a <see cref="TimeoutException"/> naming what
/// it waited for after the timeout. Each success is reported with the time it took.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static async Task TrueAsync(string what, Func<Task<bool>> condition, IEnumerable<ChildProcess>? watched = null,
        Action<string>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await ValueAsync(what, async () => await condition().ConfigureAwait(false) ? true : (bool?)null, watched, log, timeout, cancellationToken)
            .ConfigureAwait(false);

    public static async Task<T> ValueAsync<T>(string what, Func<Task<T?>> probe, IEnumerable<ChildProcess>? watched = null,
        Action<string>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            foreach (var process in watched ?? [])
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.Name} exited while waiting for {what}:\n{process.Tail(40)}");
                }
            }

            if (await probe().ConfigureAwait(false) is { } value && (value is not bool b || b))
            {
                log?.Invoke($"{watch.Elapsed.TotalSeconds,6:0.0} s  {what}");
                return value;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}
