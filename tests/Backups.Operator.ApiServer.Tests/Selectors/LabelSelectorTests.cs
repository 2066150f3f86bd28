using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Selectors;

namespace Backups.Operator.ApiServer.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Labelled = JsonNode.Parse("""{"metadata":{"labels":{"app":"shop","tier":"gold"}}}""")!.AsObject();

    [Theory]
    [InlineData("", true)]
    [InlineData("app=shop", true)]
    [InlineData("app==shop,tier=gold", true)]
    [InlineData("app!=shop", false)]
    [InlineData("app!=blog", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("tier in (gold, silver)", true)]
    [InlineData("tier notin (gold)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app=shop,tier in (bronze)", false)]
    public void Matches_equality_and_set_based_requirements(string selector, bool expected)
    {
        LabelSelector.Parse(selector).Matches(Labelled).Should().Be(expected);
    }

    [Theory]
    [InlineData("tier in gold")]
    [InlineData("a b")]
    [InlineData("app=shop,,")]
    public void Rejects_malformed_selectors_with_400(string selector)
    {
        var act = () => LabelSelector.Parse(selector);

        act.Should().Throw<ApiException>().Which.Code.Should().Be(400);
    }
}
