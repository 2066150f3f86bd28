using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Tables;

/// <summary>A column of the <c>Table</c> answer kubectl asks for: a CRD's additionalPrinterColumn or a built-in column.</summary>
internal sealed class PrinterColumn
{
    public required string Name { get; init; }

    /// <summary>OpenAPI type: string, integer, number, boolean or date.</summary>
    public required string Type { get; init; }

    public string Format { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public int Priority { get; init; }

    /// <summary>The JSONPath of a CRD column; null for computed built-in columns.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Computes the cell from the object (already converted for the column type).</summary>
    public required Func<JsonObject, DateTimeOffset, JsonNode?> Cell { get; init; }
}

/// <summary>Factory for the usual columns.</summary>
internal static class Column
{
    public static PrinterColumn Name() => new()
    {
        Name = "Name",
        Type = "string",
        Format = "name",
        Description = "Name must be unique within a namespace.",
        Cell = (o, _) => o["metadata"]?["name"]?.DeepClone(),
    };

    public static PrinterColumn Age() => Path("Age", "date", ".metadata.creationTimestamp",
        "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static PrinterColumn Path(string name, string type, string jsonPath, string description = "", int priority = 0, string format = "")
    {
        var path = SimpleJsonPath.Parse(jsonPath);
        return new PrinterColumn
        {
            Name = name,
            Type = type,
            Format = format,
            Description = description,
            Priority = priority,
            JsonPath = jsonPath,
            Cell = (o, now) => TableConverter.CellFor(type, path.FirstMatch(o), now),
        };
    }

    public static PrinterColumn Computed(string name, string type, Func<JsonObject, object?> compute) => new()
    {
        Name = name,
        Type = type,
        Cell = (o, _) => compute(o) switch
        {
            null => null,
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            var other => JsonValue.Create(other.ToString()),
        },
    };
}
