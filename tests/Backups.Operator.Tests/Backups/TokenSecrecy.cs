using Backups.Operator.Tests.Harness;
using k8s;

namespace Backups.Operator.Tests.Backups;

/// <summary>Proves the tenant token appears in no Event, no Backup status and no operator log line.</summary>
public static class TokenSecrecy
{
    public static async Task AssertNowhereAsync(OperatorHarness harness, CapturingLoggerProvider logs, IEnumerable<string> namespaces)
    {
        logs.Lines.Should().NotBeEmpty("the operator logs something, so the check means something");
        logs.Lines.Should().NotContain(line => line.Contains(harness.Token, StringComparison.Ordinal));
        foreach (var ns in namespaces)
        {
            var events = await BackupScenario.EventsAsync(harness, ns);
            events.Should().NotBeEmpty();
            events.Select(e => KubernetesJson.Serialize(e)).Should().NotContain(json => json.Contains(harness.Token, StringComparison.Ordinal));
            var backups = await harness.Backups.ListAsync(ns, null, CancellationToken.None);
            backups.Items.Select(b => KubernetesJson.Serialize(b)).Should().NotContain(json => json.Contains(harness.Token, StringComparison.Ordinal));
        }

        (await harness.ScrapeMetricsAsync()).Should().NotContain(harness.Token);
    }
}
