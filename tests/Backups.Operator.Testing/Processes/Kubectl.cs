using System.Diagnostics;

namespace Backups.Operator.Testing.Processes;

/// <summary>The real kubectl (<c>.tools/bin/kubectl</c>, installed by <c>make tools</c>) against one kubeconfig, with its own cache directory.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public static bool IsInstalled => File.Exists(RepositoryPaths.Kubectl);

    /// <summary>Runs kubectl; returns exit code, stdout and stderr. Killed after <paramref name="timeout"/> (default 60 s).</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(RepositoryPaths.Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cacheDirectory);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', info.ArgumentList)} did not finish within {timeout ?? TimeSpan.FromSeconds(60)}.");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs kubectl and fails with its stderr unless it exits 0; returns stdout.</summary>
    public async Task<string> RunCheckedAsync(params string[] arguments)
    {
        var (code, output, error) = await RunAsync(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} exited {code}: {error}{output}");
        }

        return output;
    }
}
