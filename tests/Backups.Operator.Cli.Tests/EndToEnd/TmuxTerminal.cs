using System.Diagnostics;
using Backups.Operator.Testing;

namespace Backups.Operator.Cli.Tests.EndToEnd;

/// <summary>
/// A real pseudo-terminal: a detached tmux session on its own socket (so it never meets another tmux server), a
/// command typed into it, keys sent to it and the screen read back with <c>capture-pane</c>. tmux comes from
/// <c>.tools/bin/tmux</c> (scripts/install-tmux.sh, run by <c>make tools</c>) or the machine's PATH.
/// </summary>
public sealed class TmuxTerminal : IAsyncDisposable
{
    private const string Session = "cli";
    private readonly string _socket;

    private TmuxTerminal(string socket)
    {
        _socket = socket;
    }

    /// <summary>The tmux to use: the repository's <c>.tools/bin/tmux</c> when installed, else the PATH's.</summary>
    public static string? Binary
    {
        get
        {
            var local = Path.Combine(RepositoryPaths.Root, ".tools", "bin", "tmux");
            if (File.Exists(local))
            {
                return local;
            }

            return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(d => Path.Combine(d, "tmux")).FirstOrDefault(File.Exists);
        }
    }

    /// <summary>Starts a 160x50 terminal running <paramref name="shellCommand"/> in sh; the pane stays open after it ends.</summary>
    public static async Task<TmuxTerminal> StartAsync(string directory, string shellCommand)
    {
        var terminal = new TmuxTerminal(Path.Combine(directory, "tmux.sock"));
        await terminal.RunAsync("new-session", "-d", "-s", Session, "-x", "160", "-y", "50",
            $"{shellCommand}; echo \"[exit $?]\"; sleep 600");
        return terminal;
    }

    /// <summary>The screen as text (no escape codes).</summary>
    public Task<string> ScreenAsync() => RunAsync("capture-pane", "-p", "-t", Session);

    /// <summary>Types <paramref name="text"/> literally, then Enter.</summary>
    public async Task TypeLineAsync(string text)
    {
        await RunAsync("send-keys", "-t", Session, "-l", text);
        await RunAsync("send-keys", "-t", Session, "Enter");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Binary ?? throw new InvalidOperationException("tmux is not installed: run make tools (scripts/install-tmux.sh)."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-S");
        info.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
    }
}
