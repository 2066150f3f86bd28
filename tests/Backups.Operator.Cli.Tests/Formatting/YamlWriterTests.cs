using System.Text.Json;
using Backups.Operator.Cli.Formatting;

namespace Backups.Operator.Cli.Tests.Formatting;

public sealed class YamlWriterTests
{
    [Fact]
    public void Objects_lists_and_scalars_are_written_as_block_yaml()
    {
        using var json = JsonDocument.Parse("""
            {"apiVersion":"v1","kind":"List","items":[{"metadata":{"name":"shop-1","labels":{}},"spec":{"policyName":"shop"},
             "status":{"phase":"Available","sizeGigabytes":0.8,"snapshotId":"1001","conditions":[{"type":"Ready","status":"True"}],"tags":[]}}]}
            """);

        YamlWriter.Write(json.RootElement).Should().Be("""
            apiVersion: v1
            kind: List
            items:
            - metadata:
                name: shop-1
                labels: {}
              spec:
                policyName: shop
              status:
                phase: Available
                sizeGigabytes: 0.8
                snapshotId: "1001"
                conditions:
                - type: Ready
                  status: "True"
                tags: []

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "\"\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("3164444", "\"3164444\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("- x", "\"- x\"")]
    [InlineData("Maximum 20 backups per deployment: delete a backup first", "\"Maximum 20 backups per deployment: delete a backup first\"")]
    [InlineData("2026-12-02T03:00:00Z", "2026-12-02T03:00:00Z")]
    public void Strings_are_quoted_only_when_yaml_would_read_them_as_something_else(string text, string expected) =>
        YamlWriter.Scalar(text).Should().Be(expected);
}
