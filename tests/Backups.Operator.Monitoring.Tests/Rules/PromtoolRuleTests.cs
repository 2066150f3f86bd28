using System.Text.RegularExpressions;
using Backups.Operator.Monitoring.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Backups.Operator.Monitoring.Tests.Rules;

/// <summary>
/// The shipped alert rules (charts/backups-operator/files/prometheus-rules.yaml) under Debian's promtool:
/// <c>promtool check rules</c>, and <c>promtool test rules</c> with Rules/prometheus-rules.test.yaml, which holds a
/// firing and a non-firing case for every alert.
/// </summary>
public sealed partial class PromtoolRuleTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ExpectedAlerts =
    [
        "BackupInErrorState", "AutomaticBackupOverdue", "BackupCreationSlow", "BackupRestoreFailed", "BackupLimitReached",
        "BackupVerificationFailed", "SnapshotDeletionFailing", "DigitalOceanRateLimited", "DigitalOceanUnauthorized", "BackupOperatorDown", "BackupOperatorReconcileErrors",
        "BackupOperatorInformerStuck",
    ];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backups-promtool-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Promtool_check_rules_accepts_the_shipped_file()
    {
        var (code, text) = await Tool.RunAsync(MonitoringPaths.Promtool, ["check", "rules", MonitoringPaths.Rules]);
        output.WriteLine(text);

        code.Should().Be(0, text);
        text.Should().Contain($"SUCCESS: {ExpectedAlerts.Length} rules found");
    }

    [Fact]
    public void The_shipped_file_has_every_alert_of_the_product()
    {
        RuleFile.Load(MonitoringPaths.Rules).Alerts.Select(a => a.Name).Should().BeEquivalentTo(ExpectedAlerts);
    }

    [Fact]
    public async Task Promtool_unit_tests_pass_with_a_firing_and_a_quiet_case_for_every_alert()
    {
        var cases = UnitTestCases();
        foreach (var alert in ExpectedAlerts)
        {
            cases.Should().Contain((alert, true), $"{alert} needs a case where it fires");
            cases.Should().Contain((alert, false), $"{alert} needs a case where it must not fire");
        }

        var (code, text) = await RunUnitTestsAsync(RuleFile.Load(MonitoringPaths.Rules));
        output.WriteLine(text);

        code.Should().Be(0, text);
        text.Should().Contain("SUCCESS");
    }

    [Fact]
    public async Task The_unit_tests_catch_a_broken_rule()
    {
        // The same tests against rules whose BackupOperatorDown waits 1m instead of 5m (a brief scrape gap would page).
        var broken = RuleFile.Parse(File.ReadAllText(MonitoringPaths.Rules).Replace("for: 5m", "for: 1m", StringComparison.Ordinal));

        var (code, text) = await RunUnitTestsAsync(broken);

        code.Should().NotBe(0);
        text.Should().Contain("alertname: BackupOperatorDown");
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_and_a_runbook_section()
    {
        var runbooks = File.ReadAllText(MonitoringPaths.Runbooks);
        var anchors = HeadingPattern().Matches(runbooks).Select(m => m.Groups[1].Value.Trim().ToLowerInvariant()).ToHashSet();

        foreach (var alert in RuleFile.Load(MonitoringPaths.Rules).Alerts)
        {
            alert.Labels.Should().ContainKey("severity").WhoseValue.Should().BeOneOf("warning", "critical");
            alert.Annotations.Should().ContainKeys("summary", "description", "runbook_url");
            alert.Annotations["description"].Length.Should().BeGreaterThan(80, $"{alert.Name}'s description says what to do");
            var url = alert.Annotations["runbook_url"];
            url.Should().EndWith($"docs/runbooks.md#{alert.Name.ToLowerInvariant()}");
            anchors.Should().Contain(alert.Name.ToLowerInvariant(), $"docs/runbooks.md has a section for {alert.Name}");
        }
    }

    [Fact]
    public void The_shortened_copy_divides_every_for_range_and_offset_and_changes_nothing_else()
    {
        var shipped = RuleFile.Load(MonitoringPaths.Rules).Alerts;
        var shortened = RuleFile.Load(MonitoringPaths.Rules).Shortened(60).Alerts;

        shortened.Select(a => a.Name).Should().Equal(shipped.Select(a => a.Name));
        var error = shortened.Single(a => a.Name == "BackupInErrorState");
        error.For.Should().Be("1s");
        shortened.Single(a => a.Name == "BackupOperatorDown").For.Should().Be("5s");
        var unauthorized = shortened.Single(a => a.Name == "DigitalOceanUnauthorized").Expression;
        unauthorized.Should().Contain("[10s]").And.Contain("offset 10s").And.NotContain("10m");
        foreach (var (before, after) in shipped.Zip(shortened))
        {
            after.Labels.Should().Equal(before.Labels);
            after.Annotations.Should().Equal(before.Annotations);
            DurationsRemoved(after.Expression).Should().Be(DurationsRemoved(before.Expression));
        }
    }

    private async Task<(int ExitCode, string Output)> RunUnitTestsAsync(RuleFile rules)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "rules.yaml"), rules.WithoutAnnotations().ToYaml());
        var tests = Path.Combine(_directory.FullName, "prometheus-rules.test.yaml");
        File.Copy(MonitoringPaths.RuleTests, tests, overwrite: true);
        return await Tool.RunAsync(MonitoringPaths.Promtool, ["test", "rules", tests], _directory.FullName);
    }

    /// <summary>(alert, fires) for every alert_rule_test of the promtool test file.</summary>
    private static HashSet<(string Alert, bool Fires)> UnitTestCases()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(MonitoringPaths.RuleTests)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var cases = new HashSet<(string, bool)>();
        foreach (var test in ((YamlSequenceNode)root["tests"]).Children.Cast<YamlMappingNode>())
        {
            foreach (var check in ((YamlSequenceNode)test["alert_rule_test"]).Children.Cast<YamlMappingNode>())
            {
                var fires = check.Children.TryGetValue(new YamlScalarNode("exp_alerts"), out var expected) &&
                    expected is YamlSequenceNode { Children.Count: > 0 };
                cases.Add((((YamlScalarNode)check["alertname"]).Value!, fires));
            }
        }

        return cases;
    }

    private static string DurationsRemoved(string expression) => DurationPattern().Replace(expression, "D");

    [GeneratedRegex(@"^## +(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"[0-9]+[smhd]\b")]
    private static partial Regex DurationPattern();
}
