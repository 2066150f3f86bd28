using System.Text.Json;
using Backups.Operator.Monitoring.Tests.Rules;
using Backups.Operator.Monitoring.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Backups.Operator.Monitoring.Tests.Chart;

/// <summary>
/// The chart's monitoring templates (templates/monitoring/) rendered by the real helm: the PrometheusRule and the
/// ServiceMonitor only with <c>monitoring.*.enabled</c> and the monitoring.coreos.com/v1 API, the rule's groups equal
/// to the shipped rules file, the dashboard ConfigMap with Grafana's sidecar label and the shipped JSON.
/// </summary>
public sealed class MonitoringTemplateTests
{
    private static readonly string[] AllEnabled =
        ["--set", "monitoring.prometheusRule.enabled=true,monitoring.serviceMonitor.enabled=true,monitoring.dashboard.enabled=true"];

    [Fact]
    public async Task The_PrometheusRule_embeds_the_shipped_rules_file_unchanged()
    {
        var rule = Single(await RenderAsync(withMonitoringApi: true, AllEnabled), "PrometheusRule");

        var embedded = RuleFile.Parse(Yaml(rule["spec"])).Alerts;
        var shipped = RuleFile.Load(MonitoringPaths.Rules).Alerts;
        embedded.Should().BeEquivalentTo(shipped, o => o.WithStrictOrdering());
        ((YamlMappingNode)rule["metadata"])["name"].ToString().Should().Be("mon-backups-operator");
    }

    [Fact]
    public async Task The_ServiceMonitor_scrapes_the_metrics_port_as_job_backups_operator()
    {
        var monitor = Single(await RenderAsync(withMonitoringApi: true, AllEnabled), "ServiceMonitor");

        var endpoint = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)monitor["spec"])["endpoints"]).Children[0];
        endpoint["port"].ToString().Should().Be("metrics");
        endpoint["path"].ToString().Should().Be("/metrics");
        var relabeling = (YamlMappingNode)((YamlSequenceNode)endpoint["relabelings"]).Children[0];
        (relabeling["targetLabel"].ToString(), relabeling["replacement"].ToString()).Should().Be(("job", "backups-operator"));
    }

    [Fact]
    public async Task Without_the_monitoring_API_or_the_flags_there_is_no_PrometheusRule_or_ServiceMonitor()
    {
        var noApi = await RenderAsync(withMonitoringApi: false, AllEnabled);
        var noFlags = await RenderAsync(withMonitoringApi: true);

        Kinds(noApi).Should().NotContain(["PrometheusRule", "ServiceMonitor"]);
        Kinds(noFlags).Should().NotContain(["PrometheusRule", "ServiceMonitor", "ConfigMap"]);
    }

    [Fact]
    public async Task The_dashboard_ConfigMap_carries_the_sidecar_label_and_the_shipped_json()
    {
        var map = (await RenderAsync(withMonitoringApi: false, AllEnabled))
            .Single(d => Kind(d) == "ConfigMap" && ((YamlMappingNode)d["metadata"])["name"].ToString().EndsWith("-dashboard", StringComparison.Ordinal));

        var labels = (YamlMappingNode)((YamlMappingNode)map["metadata"])["labels"];
        labels["grafana_dashboard"].ToString().Should().Be("1");
        var json = ((YamlMappingNode)map["data"])["backups-operator.json"].ToString();
        JsonDocument.Parse(json).RootElement.GetProperty("uid").GetString().Should().Be("backups-operator");
        json.Should().Be(File.ReadAllText(MonitoringPaths.Dashboard));
    }

    private static async Task<IReadOnlyList<YamlMappingNode>> RenderAsync(bool withMonitoringApi, params string[] arguments)
    {
        string[] api = withMonitoringApi ? ["--api-versions", "monitoring.coreos.com/v1"] : [];
        var (code, text) = await Tool.RunAsync(MonitoringPaths.Helm, ["template", "mon", MonitoringPaths.Chart, "--namespace", "monitoring-test", .. api, .. arguments]);
        code.Should().Be(0, text);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static YamlMappingNode Single(IEnumerable<YamlMappingNode> documents, string kind) => documents.Single(d => Kind(d) == kind);

    private static string Kind(YamlMappingNode document) =>
        document.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) ? kind.ToString() : string.Empty;

    private static IEnumerable<string> Kinds(IEnumerable<YamlMappingNode> documents) => documents.Select(Kind);

    private static string Yaml(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
