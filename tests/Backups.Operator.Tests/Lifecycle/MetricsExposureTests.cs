using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Lifecycle;

public sealed class MetricsExposureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Metrics_on_the_metrics_endpoint_reflect_a_completed_backup_and_vanish_with_the_policy()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var (ns, backup) = await LifecycleSteps.AvailableManualBackupAsync(harness);

        var text = await harness.ScrapeMetricsAsync();

        (string, string)[] shop = [("namespace", ns), ("policy", "shop")];
        PrometheusText.Value(text, "backup_backups", [.. shop, ("phase", "Available"), ("type", "Manual")]).Should().Be(1);
        PrometheusText.Value(text, "backup_policy_size_gigabytes", shop).Should().Be(backup.Status.SizeGigabytes);
        PrometheusText.Value(text, "backup_policy_expected_interval_seconds", shop).Should().Be(86400);
        PrometheusText.Value(text, "backup_policy_last_success_timestamp_seconds", shop).Should().BeGreaterThan(0);
        PrometheusText.Value(text, "backup_creating_oldest_age_seconds", shop).Should().Be(0);
        PrometheusText.Value(text, "backup_created_total", ("result", "success")).Should().Be(1);
        PrometheusText.Find(text, "digitalocean_api_requests_total", ("operation", "snapshot_droplet")).Should().NotBeEmpty();
        PrometheusText.Find(text, "controller_runtime_reconcile_total", ("controller", "backup")).Should().NotBeEmpty();

        await harness.Policies.DeleteAsync(ns, "shop", null, CancellationToken.None);
        await harness.AdvanceUntilAsync(
            async token => (await harness.Policies.GetAsync(ns, "shop", token)) is null,
            TimeSpan.FromSeconds(15),
            TimeSpan.FromHours(1),
            because: "the policy to be gone");
        var after = await harness.ScrapeMetricsAsync();
        PrometheusText.Find(after, "backup_backups", shop).Should().BeEmpty();
        PrometheusText.Find(after, "backup_policy_size_gigabytes", shop).Should().BeEmpty();
        PrometheusText.Value(after, "backup_deleted_total", ("reason", "deployment")).Should().Be(1);
    }
}
