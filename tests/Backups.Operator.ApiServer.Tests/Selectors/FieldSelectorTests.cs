using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Selectors;

namespace Backups.Operator.ApiServer.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static readonly JsonObject Item = JsonNode.Parse("""{"metadata":{"name":"shop","namespace":"team-a"},"spec":{"replicas":2}}""")!.AsObject();

    [Theory]
    [InlineData("metadata.name=shop", true)]
    [InlineData("metadata.name==shop,metadata.namespace=team-a", true)]
    [InlineData("metadata.name!=shop", false)]
    [InlineData("metadata.namespace=team-b", false)]
    [InlineData("spec.replicas=2", true)]
    public void Matches_field_terms(string selector, bool expected)
    {
        FieldSelector.Parse(selector).Matches(Item).Should().Be(expected);
    }
}
