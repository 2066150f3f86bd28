using System.Diagnostics;

namespace Backups.Operator.Testing.Processes;

/// <summary>How every test process is started: output redirected, from the repository root, never with a real token or cluster.</summary>
public static class ProcessStart
{
    /// <summary>
    /// A start info for <paramref name="fileName"/> with stdout and stderr redirected (and stdin when
    /// <paramref name="redirectInput"/>). <c>DIGITALOCEAN_TOKEN</c> and <c>KUBECONFIG</c> are never inherited from the
    /// developer's shell; <paramref name="environment"/> then sets variables, and a null value removes one.
    /// </summary>
    public static ProcessStartInfo Redirected(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("DIGITALOCEAN_TOKEN");
        info.Environment.Remove("KUBECONFIG");
        foreach (var (key, value) in environment ?? [])
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }
}
