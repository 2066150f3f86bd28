using System.Diagnostics;
using Backups.Operator.Testing;

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
        StartAsync(Executable, [.. args, "--kubeconfig", kubeconfig], input, new Dictionary<string, string>());

    /// <summary>Runs <c>kubectl backup ARGS</c> with KUBECONFIG set and the plugin's folder first on the PATH.</summary>
    public static Task<PluginResult> RunThroughKubectlAsync(string kubeconfig, string? input, params string[] args) =>
        StartAsync(RepositoryPaths.Kubectl, ["backup", .. args], input, new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["PATH"] = Directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        });

    private static async Task<PluginResult> StartAsync(string fileName, IEnumerable<string> arguments, string? input, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("NO_COLOR");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within 5 minutes.");
        }

        return new PluginResult(process.ExitCode, await output, await error);
    }
}
