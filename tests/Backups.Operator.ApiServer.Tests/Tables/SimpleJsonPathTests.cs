using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Tests.Tables;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonObject Item = JsonNode.Parse("""
        {"spec":{"plan":"Pro","list":[{"n":1},{"n":2}]},
         "status":{"conditions":[{"type":"Slow","status":"False"},{"type":"Ready","status":"True"}],"counts":{"total":3}}}
        """)!.AsObject();

    [Theory]
    [InlineData(".spec.plan", "\"Pro\"")]
    [InlineData(".status.counts.total", "3")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type=='Slow')].status", "\"False\"")]
    [InlineData(".spec.list[1].n", "2")]
    [InlineData(".spec.list[-1].n", "2")]
    [InlineData(".spec.list[*].n", "1")]
    [InlineData("{.spec['plan']}", "\"Pro\"")]
    public void Finds_the_first_match(string path, string expected)
    {
        SimpleJsonPath.Parse(path).FirstMatch(Item)!.ToJsonString().Should().Be(expected);
    }

    [Fact]
    public void Missing_paths_have_no_match()
    {
        SimpleJsonPath.Parse(".status.nextBackupTime").FirstMatch(Item).Should().BeNull();
    }

    [Theory]
    [InlineData(".a[?(@.x>1)]")]
    [InlineData("..a")]
    [InlineData(".a[")]
    public void Rejects_unsupported_expressions(string path)
    {
        var act = () => SimpleJsonPath.Parse(path);

        act.Should().Throw<FormatException>();
    }
}
