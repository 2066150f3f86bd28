using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Monitoring.Tests.Support;

/// <summary>Runs one of the tools of <c>.tools/bin</c> (promtool, helm) to completion; stdout and stderr together.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        File.Exists(fileName).Should().BeTrue($"{fileName} is installed by `make tools` (scripts/install-prometheus.sh, scripts/install-tools.sh)");
        var (code, output, error) = await Command.RunAsync(fileName, arguments, workingDirectory, TimeSpan.FromMinutes(2));
        return (code, output + error);
    }
}
