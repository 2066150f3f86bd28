using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Backups.Operator.Monitoring.Tests.Dashboard;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Monitoring.Tests.EndToEnd;

/// <summary>
/// The alerting path with real servers: the operator (LocalStack) is scraped by Debian's Prometheus, which evaluates
/// the shipped rules (durations divided by 60, see <see cref="MonitoringServers"/>) and sends to Debian's
/// Alertmanager, which routes to a webhook in the test. An errored snapshot action, a revoked token and a stopped
/// operator each reach the webhook as BackupInErrorState, DigitalOceanUnauthorized and BackupOperatorDown, and each
/// resolves once its cause is gone. Also: every dashboard query runs on that Prometheus, and the status of the
/// operator's objects satisfies kstatus (Ready condition, observedGeneration).
/// </summary>
public sealed class AlertingEndToEndTests : IClassFixture<AlertingFixture>, IDisposable
{
    private const string TeamA = "team-a@example.com";
    private readonly AlertingFixture _fixture;
    private readonly ITestOutputHelper _output;

    public AlertingEndToEndTests(AlertingFixture fixture, ITestOutputHelper output)
    {
        (_fixture, _output) = (fixture, output);
        fixture.LogTo(output.WriteLine);
    }

    private LocalStack Stack => _fixture.Stack;

    private MonitoringServers Servers => _fixture.Servers;

    private WebhookReceiver Webhook => Servers.Webhook;

    public void Dispose() => _fixture.LogTo(null);

    [Fact]
    public async Task An_errored_snapshot_reaches_the_webhook_as_BackupInErrorState_naming_the_Backup_and_resolves_when_it_is_deleted()
    {
        await Stack.Simulator.AddFaultAsync(new { operation = "snapshot_droplet", kind = "ErroredAction", count = 1 });
        await ApplyManualBackupAsync("shop-errored");

        var errorSeen = await WaitForPhaseAsync("shop-errored", "Error");
        var firing = await WaitForWebhookAsync("BackupInErrorState", "firing", ("backup", "shop-errored"));

        firing.Labels.Should().Contain(new Dictionary<string, string>
        {
            ["namespace"] = "team-a", ["policy"] = "shop", ["backup"] = "shop-errored", ["reason"] = "ActionErrored", ["severity"] = "warning",
        });
        firing.Annotations["summary"].Should().Contain("team-a/shop-errored");
        firing.Annotations["runbook_url"].Should().EndWith("docs/runbooks.md#backupinerrorstate");
        _output.WriteLine($"Backup Error (first seen by kubectl, polled every 250 ms) -> BackupInErrorState at the webhook: " +
            $"{(firing.ReceivedAt - errorSeen).TotalSeconds:0.0} s (rules' for: 1m shortened to 1 s; scrape and evaluation every 1 s; group_wait 1 s)");

        await Stack.Kubectl.RunCheckedAsync("-n", "team-a", "delete", "backup", "shop-errored", "--wait=false");
        await WaitForWebhookAsync("BackupInErrorState", "resolved", ("backup", "shop-errored"));
    }

    [Fact]
    public async Task A_revoked_token_reaches_the_webhook_as_DigitalOceanUnauthorized_and_resolves_after_the_token_is_reinstated()
    {
        await Stack.Simulator.SetTokenRevokedAsync(TeamA, revoked: true);
        try
        {
            await ApplyManualBackupAsync("shop-unauthorized");
            var firing = await WaitForWebhookAsync("DigitalOceanUnauthorized", "firing");
            firing.Labels["severity"].Should().Be("critical");
            firing.Labels.Should().ContainKey("operation");
            await WaitForPhaseAsync("shop-unauthorized", "Error");
        }
        finally
        {
            await Stack.Simulator.SetTokenRevokedAsync(TeamA, revoked: false);
        }

        await Stack.Kubectl.RunCheckedAsync("-n", "team-a", "delete", "backup", "shop-unauthorized", "--wait=false");
        await WaitForWebhookAsync("DigitalOceanUnauthorized", "resolved");
    }

    [Fact]
    public async Task A_stopped_operator_reaches_the_webhook_as_BackupOperatorDown_and_resolves_when_it_runs_again()
    {
        await Stack.KillOperatorAsync();
        var firing = await WaitForWebhookAsync("BackupOperatorDown", "firing");
        firing.Labels["severity"].Should().Be("critical");

        await Stack.StartOperatorAsync();
        await WaitForWebhookAsync("BackupOperatorDown", "resolved");
    }

    [Fact]
    public async Task Every_dashboard_query_runs_on_the_real_Prometheus()
    {
        await ApplyManualBackupAsync("shop-dashboard");
        await WaitForPhaseAsync("shop-dashboard", "Available");
        await Stack.WaitAsync("Prometheus has the Backup's series", async () =>
            (await Servers.QueryAsync("backup_info{backup=\"shop-dashboard\"}")).Body.GetProperty("data").GetProperty("result").GetArrayLength() > 0);

        foreach (var query in DashboardFile.Queries)
        {
            var (status, body) = await Servers.QueryAsync(query.Resolved);
            status.Should().Be(HttpStatusCode.OK, $"panel '{query.Panel}': {query.Resolved}: {body}");
            body.GetProperty("status").GetString().Should().Be("success", $"panel '{query.Panel}': {query.Resolved}");
        }

        var namespaces = await Servers.LabelValuesAsync("backup_backups", "namespace");
        namespaces.GetProperty("data").EnumerateArray().Select(e => e.GetString()).Should().Contain("team-a");
        var backups = await Servers.QueryAsync("sum by (namespace, phase) (backup_backups)");
        backups.Body.GetProperty("data").GetProperty("result").EnumerateArray()
            .Should().Contain(r => r.GetProperty("metric").GetProperty("phase").GetString() == "Available");
    }

    [Fact]
    public async Task The_status_of_the_operators_objects_satisfies_kstatus()
    {
        await ApplyManualBackupAsync("shop-kstatus");
        await WaitForPhaseAsync("shop-kstatus", "Available");

        foreach (var (kind, name) in new[] { ("backup", "shop-kstatus"), ("backuppolicy", "shop") })
        {
            using var document = JsonDocument.Parse(await Stack.Kubectl.RunCheckedAsync("-n", "team-a", "get", kind, name, "-o", "json"));
            var generation = document.RootElement.GetProperty("metadata").GetProperty("generation").GetInt64();
            var status = document.RootElement.GetProperty("status");
            status.GetProperty("observedGeneration").GetInt64().Should().Be(generation, $"{kind} {name}: kstatus compares it with metadata.generation");
            var ready = status.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Ready");
            ready.GetProperty("status").GetString().Should().Be("True", $"{kind} {name} is done: kstatus reads Ready=True as Current");
            ready.GetProperty("reason").GetString().Should().NotBeNullOrEmpty();
            ready.GetProperty("observedGeneration").GetInt64().Should().Be(generation, $"{kind} {name}: the Ready condition is about this generation");
        }
    }

    private async Task ApplyManualBackupAsync(string name)
    {
        var path = Path.Combine(Stack.Directory, $"{name}.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata:
              name: {name}
              namespace: team-a
            spec:
              policyName: shop
              type: Manual
            """);
        await Stack.Kubectl.RunCheckedAsync("apply", "-f", path);
    }

    private async Task<DateTimeOffset> WaitForPhaseAsync(string backup, string phase)
    {
        await Stack.WaitAsync($"Backup {backup} {phase}", async () => await Stack.PhaseAsync("backup", backup) == phase);
        return TimeProvider.System.GetUtcNow();
    }

    private async Task<ReceivedAlert> WaitForWebhookAsync(string alert, string status, params (string Key, string Value)[] labels)
    {
        var watch = Stopwatch.StartNew();
        var received = await Eventually.ValueAsync($"{alert} {status} at the webhook",
            () => Task.FromResult(Webhook.Find(alert, status, labels)), [.. Stack.Processes, .. Servers.Processes], _output.WriteLine);
        _output.WriteLine($"{alert} {status}: {string.Join(", ", received.Labels.Select(l => $"{l.Key}={l.Value}"))} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return received;
    }
}
