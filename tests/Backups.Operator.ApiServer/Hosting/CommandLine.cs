using System.Globalization;

namespace Backups.Operator.ApiServer.Hosting;

/// <summary>The command line of the sandbox program: --port, --kubeconfig, --crds.</summary>
internal sealed record CommandLine(int Port, string? KubeconfigPath, string? CrdDirectory, string? Error)
{
    /// <summary>--state-file: where the objects are kept across restarts (null: in memory only).</summary>
    public string? StateFile { get; init; }

    public const int DefaultPort = 16443;

    public const string Usage = "usage: Backups.Operator.ApiServer [--port 16443] [--kubeconfig <path>] [--crds <directory>] [--state-file <path>]";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var port = DefaultPort;
        string? kubeconfig = null;
        string? crds = null;
        string? state = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                return new CommandLine(port, kubeconfig, crds, $"missing value for {name}");
            }

            var value = args[++i];
            switch (name)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535:
                    port = parsed;
                    break;
                case "--port":
                    return new CommandLine(port, kubeconfig, crds, $"invalid port '{value}'");
                case "--kubeconfig":
                    kubeconfig = value;
                    break;
                case "--crds":
                    crds = value;
                    break;
                case "--state-file":
                    state = value;
                    break;
                default:
                    return new CommandLine(port, kubeconfig, crds, $"unknown argument '{name}'");
            }
        }

        return new CommandLine(port, kubeconfig, crds, null) { StateFile = state };
    }
}
