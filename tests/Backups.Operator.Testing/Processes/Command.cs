using System.Diagnostics;

namespace Backups.Operator.Testing.Processes;

/// <summary>
/// Runs a command to completion (kubectl, helm, promtool, the plugin): exit code, stdout and stderr; killed after a
/// timeout (default 60 s). With <c>input</c>, stdin gets that text and is then closed.
/// </summary>
public static class Command
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, IEnumerable<string> arguments,
        string? workingDirectory = null, TimeSpan? timeout = null, string? input = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var info = ProcessStart.Redirected(fileName, arguments, workingDirectory, environment, redirectInput: input is not null);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', info.ArgumentList)} did not finish within {limit}.");
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
