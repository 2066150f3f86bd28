using Backups.Operator.Testing;
using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Install.Tests.Infrastructure;

/// <summary>Runs a command-line tool (helm, node, bash, dotnet publish) to completion with a timeout; never inherits a real cluster.</summary>
internal static class Tool
{
    public static string Helm => Path.Combine(RepositoryPaths.Root, ".tools", "bin", "helm");

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments,
        string? input = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Command.RunAsync(file, arguments, timeout: timeout ?? TimeSpan.FromMinutes(2), input: input,
            environment: environment?.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));

    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> arguments, string? input = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var list = arguments.ToList();
        var (code, output, error) = await RunAsync(file, list, input, environment, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', list)} exited {code}: {error}{output}");
        }

        return output;
    }

    /// <summary>helm with a kubeconfig (its caches in a directory of their own).</summary>
    public static Task<string> HelmAsync(string kubeconfig, params string[] arguments)
    {
        var home = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "helm-home");
        return RunCheckedAsync(Helm, ["--kubeconfig", kubeconfig, .. arguments], environment: new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
        });
    }
}
