using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Patching;

namespace Backups.Operator.ApiServer.Tests.Patching;

public sealed class JsonPatchTests
{
    [Fact]
    public void Applies_every_operation_in_order()
    {
        var document = JsonNode.Parse("""{"metadata":{"finalizers":["a","b"]},"spec":{"x":1}}""")!;
        var patch = JsonNode.Parse("""
            [{"op":"test","path":"/spec/x","value":1},
             {"op":"remove","path":"/metadata/finalizers/0"},
             {"op":"add","path":"/metadata/finalizers/-","value":"c"},
             {"op":"replace","path":"/spec/x","value":2},
             {"op":"copy","from":"/spec/x","path":"/spec/y"},
             {"op":"move","from":"/spec/y","path":"/spec/z~1w"}]
            """);

        var result = JsonPatch.Apply(document, patch);

        JsonNode.DeepEquals(result, JsonNode.Parse("""{"metadata":{"finalizers":["b","c"]},"spec":{"x":2,"z/w":2}}""")).Should().BeTrue(result.ToJsonString());
    }

    [Fact]
    public void A_failed_test_or_missing_path_is_rejected_with_422()
    {
        var document = JsonNode.Parse("""{"spec":{"x":1}}""")!;

        var failedTest = () => JsonPatch.Apply(document.DeepClone(), JsonNode.Parse("""[{"op":"test","path":"/spec/x","value":2}]"""));
        var missing = () => JsonPatch.Apply(document.DeepClone(), JsonNode.Parse("""[{"op":"remove","path":"/spec/nope"}]"""));

        failedTest.Should().Throw<ApiException>().Which.Code.Should().Be(422);
        missing.Should().Throw<ApiException>().Which.Code.Should().Be(422);
    }
}
