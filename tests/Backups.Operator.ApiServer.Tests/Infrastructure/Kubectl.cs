using System.Diagnostics;
using System.Text;
using Backups.Operator.ApiServer.Hosting;

namespace Backups.Operator.ApiServer.Tests.Infrastructure;

/// <summary>Runs the real kubectl binary against a server, with a private kubeconfig and discovery cache.</summary>
internal sealed class Kubectl : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _home;
    private readonly string _kubeconfig;

    public Kubectl(LocalApiServer server)
    {
        _home = Directory.CreateTempSubdirectory("apiserver-kubectl-");
        _kubeconfig = server.WriteKubeconfig(Path.Combine(_home.FullName, "kubeconfig"));
    }

    /// <summary>The repository root (where Backups.Operator.sln is), found from the test binaries.</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backups.Operator.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>.tools/bin/kubectl of the repository (what `make tools` installs), else kubectl from PATH.</summary>
    public static string Binary()
    {
        var root = RepositoryRoot();
        var installed = root is null ? null : Path.Combine(root, ".tools", "bin", "kubectl");
        if (installed is not null && File.Exists(installed))
        {
            return installed;
        }

        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, "kubectl"))
            .FirstOrDefault(File.Exists);
        return fromPath ?? throw new InvalidOperationException("kubectl not found: run `make tools` (installs .tools/bin/kubectl) or put kubectl on PATH");
    }

    public async Task<KubectlResult> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments, stdin: null);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within {CommandTimeout}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public async Task<KubectlResult> ApplyAsync(string manifest)
    {
        using var process = Start(["apply", "-f", "-"], stdin: manifest);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (e.g. <c>get -w</c>) whose output is collected until it is killed.</summary>
    public RunningKubectl StartBackground(params string[] arguments) => new(Start(arguments, stdin: null));

    public void Dispose()
    {
        try
        {
            _home.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A still-exiting kubectl may hold the cache; the temp directory is left behind then.
        }
    }

    private Process Start(string[] arguments, string? stdin)
    {
        var info = new ProcessStartInfo(Binary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(_kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(Path.Combine(_home.FullName, "cache"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = _home.FullName;
        info.Environment.Remove("KUBECONFIG");
        var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        return process;
    }
}

internal sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>A kubectl process running in the background; its stdout is collected line by line.</summary>
internal sealed class RunningKubectl : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public RunningKubectl(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
