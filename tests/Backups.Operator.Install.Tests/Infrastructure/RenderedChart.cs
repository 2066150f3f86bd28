using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Yaml;
using Backups.Operator.Testing;

namespace Backups.Operator.Install.Tests.Infrastructure;

/// <summary><c>helm template</c> of charts/backups-operator with some values, as JSON objects.</summary>
internal static class RenderedChart
{
    public const string Release = "backups-operator";

    public const string Namespace = "backups-system";

    public static string ChartDirectory => Path.Combine(RepositoryPaths.Root, "charts", "backups-operator");

    /// <summary>The values matrix of the checks: defaults, the simulator, the NetworkPolicy, monitoring.</summary>
    public static TheoryData<string, string[]> Matrix => new()
    {
        { "defaults", [] },
        { "simulator", ["simulator.enabled=true"] },
        { "network-policy", ["networkPolicy.enabled=true", "simulator.enabled=true"] },
        // --api-versions: as in a cluster with the Prometheus operator, so the ServiceMonitor and PrometheusRule render.
        { "monitoring", ["monitoring.serviceMonitor.enabled=true", "monitoring.prometheusRule.enabled=true", "monitoring.dashboard.enabled=true", "--api-versions=monitoring.coreos.com/v1"] },
    };

    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(params string[] values)
    {
        var yaml = await RenderYamlAsync(values);
        return YamlDocuments.Parse(yaml);
    }

    public static Task<string> RenderYamlAsync(params string[] values) =>
        Tool.RunCheckedAsync(Tool.Helm, ["template", Release, ChartDirectory, "--namespace", Namespace, .. values.SelectMany(v => v.StartsWith("--", StringComparison.Ordinal) ? new[] { v } : ["--set", v])]);

    public static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    public static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();
}
