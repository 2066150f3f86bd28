using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Patching;

namespace Backups.Operator.ApiServer.Tests.Patching;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Merges_objects_replaces_arrays_and_removes_nulls()
    {
        var target = JsonNode.Parse("""{"a":1,"b":{"c":2,"d":3},"list":[1,2],"gone":true}""");
        var patch = JsonNode.Parse("""{"b":{"c":9,"e":4},"list":[3],"gone":null,"$setElementOrder/list":[3]}""");

        var result = JsonMergePatch.Apply(target, patch);

        JsonNode.DeepEquals(result, JsonNode.Parse("""{"a":1,"b":{"c":9,"d":3,"e":4},"list":[3]}""")).Should().BeTrue(result!.ToJsonString());
    }
}
