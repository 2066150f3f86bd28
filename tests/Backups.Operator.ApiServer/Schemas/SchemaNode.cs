using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backups.Operator.ApiServer.Schemas.Cel;

namespace Backups.Operator.ApiServer.Schemas;

/// <summary>One node of a compiled structural schema.</summary>
internal sealed class SchemaNode
{
    public string? Type { get; init; }

    public bool Nullable { get; init; }

    public bool PreserveUnknownFields { get; init; }

    public bool IntOrString { get; init; }

    public bool EmbeddedResource { get; init; }

    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }

    public SchemaNode? AdditionalProperties { get; init; }

    public SchemaNode? Items { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    public JsonArray? Enum { get; init; }

    public JsonNode? Default { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    public double? MultipleOf { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    public long? MinProperties { get; init; }

    public long? MaxProperties { get; init; }

    public Regex? Pattern { get; init; }

    public string? PatternText { get; init; }

    public string? Format { get; init; }

    public IReadOnlyList<ValidationRule> Rules { get; init; } = [];
}

/// <summary>A compiled <c>x-kubernetes-validations</c> entry.</summary>
internal sealed record ValidationRule(string Rule, string? Message, string? Reason, string? FieldPath, CelExpression Expression);
