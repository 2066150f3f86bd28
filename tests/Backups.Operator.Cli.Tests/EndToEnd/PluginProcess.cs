using Backups.Operator.Testing;
using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Cli.Tests.EndToEnd;

/// <summary>What one run of the plugin printed and returned.</summary>
public sealed record PluginResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// The BUILT plugin (<c>operator/Backups.Operator.Cli/bin/&lt;configuration&gt;/net10.0/kubectl-backup</c>) run as a process,
/// directly or as <c>kubectl backup</c> (kubectl finds it on the PATH), with stdin from a string and a time limit.
/// </summary>
public static class PluginProcess
{
    /// <summary>The built apphost <c>kubectl-backup</c>, in the test's configuration.</summary>
    public static string Executable
    {
        get
        {
            var dll = LocalStack.Dll("operator/Backups.Operator.Cli", "kubectl-backup");
            return Path.Combine(Path.GetDirectoryName(dll)!, "kubectl-backup");
        }
    }

    /// <summary>The folder of the plugin, to put on the PATH for kubectl.</summary>
    public static string Directory => Path.GetDirectoryName(Executable)!;

    /// <summary>Runs <c>kubectl-backup ARGS --kubeconfig KUBECONFIG</c> with <paramref name="input"/> on stdin.</summary>
    public static Task<PluginResult> RunAsync(string kubeconfig, string? input, params string[] args) =>
        StartAsync(Executable, [.. args, "--kubeconfig", kubeconfig], input, new Dictionary<string, string?>());

    /// <summary>Runs <c>kubectl backup ARGS</c> with KUBECONFIG set and the plugin's folder first on the PATH.</summary>
    public static Task<PluginResult> RunThroughKubectlAsync(string kubeconfig, string? input, params string[] args) =>
        StartAsync(RepositoryPaths.Kubectl, ["backup", .. args], input, new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["PATH"] = Directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        });

    private static async Task<PluginResult> StartAsync(string fileName, IEnumerable<string> arguments, string? input, Dictionary<string, string?> environment)
    {
        // Colours follow the terminal, not the developer's NO_COLOR; stdin is always closed after the input (EOF = "no").
        environment["NO_COLOR"] = null;
        var (exitCode, output, error) = await Command.RunAsync(fileName, arguments, timeout: TimeSpan.FromMinutes(5), input: input ?? string.Empty,
            environment: environment);
        return new PluginResult(exitCode, output, error);
    }
}
