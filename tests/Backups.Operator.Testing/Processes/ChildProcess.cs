using System.Collections.Concurrent;
using System.Diagnostics;

namespace Backups.Operator.Testing.Processes;

/// <summary>A long-running child process (<c>dotnet some.dll ...</c>) whose output is kept for diagnostics; killed with its tree on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The process id (for signals such as SIGKILL in chaos tests).</summary>
    public int Id => _process.Id;

    /// <summary>The exit code once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last <paramref name="lines"/> lines of <see cref="Output"/>.</summary>
    public string Tail(int lines) => string.Join('\n', _output.TakeLast(lines));

    /// <summary>Kills the process (and its children) at once, as SIGKILL would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it; kills it when it has not exited after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            using (var signal = Process.Start(ProcessStart.Redirected("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, null)))
            {
                if (signal is not null)
                {
                    await signal.WaitForExitAsync().ConfigureAwait(false);
                }
            }

            using var exited = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(exited.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await KillAsync().ConfigureAwait(false);
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var info = ProcessStart.Redirected(fileName, arguments, workingDirectory,
            environment?.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exited.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
