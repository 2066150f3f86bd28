namespace Backups.Operator.Monitoring.Tests.Dashboard;

/// <summary>
/// The dashboard's panels cover what the product promises. That every query runs on a real Prometheus is proven by
/// the end-to-end test (AlertingEndToEndTests.Every_dashboard_query_runs_on_the_real_Prometheus).
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public void Has_the_panels_users_need()
    {
        DashboardFile.PanelTitles.Should().Contain(
        [
            "Backups by phase per namespace", "Time since the last successful backup", "Next automatic backup in", "Backup creation duration",
            "Restore duration", "Snapshot size per policy", "Estimated monthly cost per policy", "DigitalOcean API requests",
            "DigitalOcean rate-limit headroom", "Reconcile errors", "Work queue depth",
        ]);
    }

    [Fact]
    public void Every_panel_queries_the_datasource_variable_and_a_metric_of_the_operator()
    {
        var metrics = new[] { "backup_", "digitalocean_", "controller_runtime_", "workqueue_", "up{" };
        foreach (var query in DashboardFile.Queries)
        {
            metrics.Should().Contain(m => query.Expression.Contains(m, StringComparison.Ordinal), $"panel '{query.Panel}' queries the operator");
        }

        DashboardFile.Root.GetProperty("panels").EnumerateArray()
            .Select(p => p.GetProperty("datasource").GetProperty("uid").GetString())
            .Should().AllBe("${datasource}");
    }
}
