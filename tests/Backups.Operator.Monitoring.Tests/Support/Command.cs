using System.Diagnostics;
using Backups.Operator.Testing;

namespace Backups.Operator.Monitoring.Tests.Support;

/// <summary>Runs a command to completion (promtool, helm) with a timeout; returns its exit code and output.</summary>
internal static class Command
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        File.Exists(fileName).Should().BeTrue($"{fileName} is installed by `make tools` (scripts/install-prometheus.sh, scripts/install-tools.sh)");
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit}.");
        }

        return (process.ExitCode, await output + await error);
    }
}
