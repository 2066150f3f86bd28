namespace Backups.Operator.Testing.Processes;

/// <summary>The real kubectl (<c>.tools/bin/kubectl</c>, installed by <c>make tools</c>) against one kubeconfig, with its own cache directory.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public static bool IsInstalled => File.Exists(RepositoryPaths.Kubectl);

    /// <summary>Runs kubectl; returns exit code, stdout and stderr. Killed after <paramref name="timeout"/> (default 60 s).</summary>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        Command.RunAsync(RepositoryPaths.Kubectl, ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, .. arguments], timeout: timeout);

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
