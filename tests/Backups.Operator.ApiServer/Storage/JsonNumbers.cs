using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Storage;

/// <summary>Reads numbers from JSON values whether they were parsed or created in code.</summary>
internal static class JsonNumbers
{
    public static long ToInt64(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return 0;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return (long)d;
        }

        return value.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out var parsed) ? parsed : 0;
    }
}
