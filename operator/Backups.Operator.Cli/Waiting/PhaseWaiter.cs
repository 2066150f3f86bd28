using Spectre.Console;

namespace Backups.Operator.Cli.Waiting;

/// <summary>
/// Polls an object until it reaches a final phase, showing one progress line: redrawn in place on a terminal (with a
/// spinner and the elapsed time), or printed once per change when the output is a pipe or a file.
/// </summary>
public sealed class PhaseWaiter(Terminal.Terminal terminal, TimeProvider time)
{
    /// <summary>How often the object is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Waits; returns the last state read, or throws a Timeout <see cref="CliException"/> after <paramref name="timeout"/>.</summary>
    /// <param name="fetch">Reads the object (null when it is gone).</param>
    /// <param name="done">Whether the state is final.</param>
    /// <param name="describe">The progress line of a state after an elapsed time.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="what">What is waited for, for the timeout message.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    public async Task<T?> WaitAsync<T>(Func<CancellationToken, Task<T?>> fetch, Func<T?, bool> done, Func<T?, TimeSpan, string> describe,
        TimeSpan timeout, string what, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(describe);
        var started = time.GetTimestamp();
        if (terminal.Interactive)
        {
            T? last = null;
            await terminal.Output.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(describe(null, TimeSpan.Zero)), async context =>
            {
                last = await LoopAsync(fetch, done, (state, elapsed) => context.Status(Markup.Escape(describe(state, elapsed))), started, timeout, what,
                    cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            terminal.Output.WriteLine(describe(last, time.GetElapsedTime(started)));
            return last;
        }

        string? printed = null;
        var result = await LoopAsync(fetch, done, (state, elapsed) =>
        {
            // One line per change of state, and again at each 20-minute mark (the "something is wrong" line).
            var line = describe(state, TimeSpan.FromTicks(elapsed.Ticks / ProgressText.SlowAfter.Ticks * ProgressText.SlowAfter.Ticks));
            if (line != printed)
            {
                printed = line;
                terminal.Output.WriteLine(describe(state, elapsed));
            }
        }, started, timeout, what, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<T?> LoopAsync<T>(Func<CancellationToken, Task<T?>> fetch, Func<T?, bool> done, Action<T?, TimeSpan> show, long started,
        TimeSpan timeout, string what, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var state = await fetch(cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            show(state, elapsed);
            if (done(state))
            {
                return state;
            }

            if (elapsed >= timeout)
            {
                throw new CliException(ExitCodes.Timeout, $"gave up waiting for {what} after {Formatting.Humanize.Clock(elapsed)} (--timeout {timeout})",
                    "it goes on in the cluster; look again with kubectl backup describe");
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
