namespace Backups.Operator.Api.Schema;

/// <summary>One printer column of <c>kubectl get</c>.</summary>
/// <param name="Name">The column header.</param>
/// <param name="Type">An OpenAPI type: string, integer, number, boolean or date.</param>
/// <param name="JsonPath">The JSONPath into the object, e.g. <c>.spec.plan</c>.</param>
/// <param name="Description">What the column shows.</param>
/// <param name="Priority">0 shows always, 1 only with <c>-o wide</c>.</param>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority = 0);

/// <summary>Everything the CRD of one kind publishes besides its schema.</summary>
public sealed record KindDefinition(
    string Kind,
    string Plural,
    string Singular,
    IReadOnlyList<string> ShortNames,
    Type SpecType,
    Type StatusType,
    string Description,
    IReadOnlyList<PrinterColumn> PrinterColumns)
{
    /// <summary>The categories the kind belongs to.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [ApiConstants.Category];

    /// <summary><c>plural.group</c>, the CRD's name.</summary>
    public string CrdName => $"{Plural}.{ApiConstants.Group}";
}
