using System.Text.Json;
using Backups.Operator.Monitoring.Tests.Support;

namespace Backups.Operator.Monitoring.Tests.Dashboard;

/// <summary>One PromQL query of a dashboard panel.</summary>
internal sealed record PanelQuery(string Panel, string Expression)
{
    /// <summary>The query with Grafana's variables replaced as Grafana would for "All" over the last hour.</summary>
    public string Resolved => Expression
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("$namespace", ".*", StringComparison.Ordinal);
}

/// <summary>The shipped Grafana dashboard (charts/backups-operator/files/dashboards/backups-operator.json).</summary>
internal static class DashboardFile
{
    public static JsonElement Root { get; } = JsonDocument.Parse(File.ReadAllText(MonitoringPaths.Dashboard)).RootElement.Clone();

    public static IReadOnlyList<string> PanelTitles => Root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();

    public static IReadOnlyList<PanelQuery> Queries => Root.GetProperty("panels").EnumerateArray()
        .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => new PanelQuery(p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))
        .ToList();
}
