using System.Globalization;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw StatusObjects.BadRequest("json patch must be an array of operations");
        }

        var root = document;
        foreach (var entry in operations)
        {
            if (entry is not JsonObject operation)
            {
                throw StatusObjects.BadRequest("json patch operation must be an object");
            }

            var op = operation["op"]?.GetValue<string>() ?? throw StatusObjects.BadRequest("json patch operation has no 'op'");
            var path = operation["path"]?.GetValue<string>() ?? throw StatusObjects.BadRequest($"json patch '{op}' has no 'path'");
            switch (op)
            {
                case "add":
                    root = Add(root, path, RequiredValue(operation, op));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    root = Add(root, path, RequiredValue(operation, op));
                    break;
                case "move":
                {
                    var from = operation["from"]?.GetValue<string>() ?? throw StatusObjects.BadRequest("json patch 'move' has no 'from'");
                    var value = Get(root, from)?.DeepClone();
                    Remove(root, from);
                    root = Add(root, path, value);
                    break;
                }

                case "copy":
                {
                    var from = operation["from"]?.GetValue<string>() ?? throw StatusObjects.BadRequest("json patch 'copy' has no 'from'");
                    root = Add(root, path, Get(root, from)?.DeepClone());
                    break;
                }

                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value at {path} failed");
                    }

                    break;
                default:
                    throw StatusObjects.BadRequest($"unexpected json patch operation '{op}'");
            }
        }

        return root;
    }

    private static JsonNode? RequiredValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw StatusObjects.BadRequest($"json patch '{op}' has no 'value'");

    private static string[] Split(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw StatusObjects.BadRequest($"json patch path '{path}' must start with '/'");
        }

        return [.. path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in Split(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(segment, out var child) => child,
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Missing(path),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var segments = Split(path);
        JsonNode? node = root;
        foreach (var segment in segments[..^1])
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(segment, out var child) => child,
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Missing(path),
            };
        }

        return (node ?? throw Missing(path), segments[^1]);
    }

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw StatusObjects.BadRequest("json patch cannot replace the document with null");
        }

        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }

        return root;
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw Missing(path);
        }
    }

    private static ApiException Missing(string path) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch: path '{path}' does not exist");
}
