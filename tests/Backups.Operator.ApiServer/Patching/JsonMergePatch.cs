using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Patching;

/// <summary>RFC 7386 JSON merge patch; also how strategic merge patches are applied here (no list strategies).</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject.ToList())
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (key == "$patch" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal) || key == "$retainKeys")
            {
                // Strategic-merge directives have no meaning without list strategies; they are dropped.
            }
            else
            {
                var existing = result[key];
                result.Remove(key);
                result[key] = Apply(existing?.DeepClone(), value);
            }
        }

        return result;
    }
}
