using System.Diagnostics;
using Backups.Operator.Testing;

namespace Backups.Operator.Install.Tests.Infrastructure;

/// <summary>Runs a command-line tool (helm, node, bash, dotnet publish) to completion with a timeout; never inherits a real cluster.</summary>
internal static class Tool
{
    public static string Helm => Path.Combine(RepositoryPaths.Root, ".tools", "bin", "helm");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments,
        string? input = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("DIGITALOCEAN_TOKEN");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {limit}.");
        }

        return (process.ExitCode, await output, await error);
    }

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
