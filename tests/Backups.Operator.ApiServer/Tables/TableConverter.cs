using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Storage;

namespace Backups.Operator.ApiServer.Tables;

/// <summary>Answers <c>as=Table</c> requests the way the real API server's table convertor does.</summary>
internal static class TableConverter
{
    public static JsonArray ColumnDefinitions(IReadOnlyList<PrinterColumn> columns)
    {
        var definitions = new JsonArray();
        foreach (var column in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type == "date" ? "string" : column.Type,
                ["format"] = column.Type == "date" ? "date" : column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        return definitions;
    }

    public static JsonObject Row(IReadOnlyList<PrinterColumn> columns, StoredObject item, string includeObject, DateTimeOffset now)
    {
        var cells = new JsonArray();
        foreach (var column in columns)
        {
            cells.Add(column.Cell(item.Object, now));
        }

        var row = new JsonObject { ["cells"] = cells };
        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                row["object"] = item.Object.DeepClone();
                break;
            default:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item.Object["metadata"]?.DeepClone(),
                };
                break;
        }

        return row;
    }

    public static JsonObject Table(ResourceTypeVersion version, IEnumerable<StoredObject> items, string includeObject, bool withHeaders, JsonObject listMetadata, DateTimeOffset now)
    {
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(Row(version.Columns, item, includeObject, now));
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = withHeaders ? ColumnDefinitions(version.Columns) : new JsonArray(),
            ["rows"] = rows,
        };
    }

    /// <summary>Converts a JSONPath result the way apiextensions' <c>cellForJSONValue</c> does.</summary>
    public static JsonNode? CellFor(string type, JsonNode? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        switch (type)
        {
            case "date":
                return value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? JsonValue.Create(Age(v.GetValue<string>(), now))
                    : JsonValue.Create("<invalid>");
            case "integer":
                return value is JsonValue i && i.GetValueKind() == JsonValueKind.Number ? JsonValue.Create((long)i.GetValue<double>()) : null;
            case "number":
                return value is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(n.GetValue<double>()) : null;
            case "boolean":
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(b.GetValue<bool>()) : null;
            default:
                return JsonValue.Create(value is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : value.ToJsonString());
        }
    }

    public static string Age(string timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? HumanDuration(now - time)
            : "<invalid>";

    /// <summary>A port of apimachinery's <c>duration.HumanDuration</c>.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = seconds / 3600;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }

        return $"{hours / 24 / 365}y";
    }
}
