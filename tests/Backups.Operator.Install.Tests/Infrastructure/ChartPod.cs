using System.Text.Json.Nodes;

namespace Backups.Operator.Install.Tests.Infrastructure;

/// <summary>
/// How the chart's Deployment starts the operator container: its arguments and environment, read from the rendered
/// (or installed) manifest so a test starts the process exactly that way. Downward-API values are resolved as the
/// kubelet would (<c>metadata.namespace</c>).
/// </summary>
internal sealed record ChartPod(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string ServiceAccount)
{
    /// <summary>Flags a test on loopback must replace (ports and the DigitalOcean URL are LocalStack's).</summary>
    public static readonly string[] LocalFlags = ["--metrics-port", "--health-port", "--digitalocean-url", "--bind-address"];

    public static ChartPod Of(IEnumerable<JsonObject> objects, string deploymentName)
    {
        var deployment = objects.Single(o => RenderedChart.Kind(o) == "Deployment" && RenderedChart.Name(o) == deploymentName);
        var ns = (string)deployment["metadata"]!["namespace"]!;
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]!.AsArray().Single()!;
        var arguments = (container["args"]?.AsArray() ?? []).Select(a => a!.GetValue<string>()).ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            if (variable["value"] is { } value)
            {
                environment[name] = value.GetValue<string>();
            }
            else if ((string?)variable["valueFrom"]?["fieldRef"]?["fieldPath"] == "metadata.namespace")
            {
                environment[name] = ns;
            }
            else
            {
                throw new InvalidOperationException($"env {name}: only values and metadata.namespace are resolved here");
            }
        }

        return new ChartPod(arguments, environment, (string)pod["serviceAccountName"]!);
    }

    /// <summary>The arguments without the flags LocalStack sets for loopback.</summary>
    public IReadOnlyList<string> ArgumentsForLoopback => [.. Arguments.Where(a => !LocalFlags.Any(f => a.StartsWith(f + "=", StringComparison.Ordinal)))];
}
