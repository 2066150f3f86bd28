namespace Backups.Operator.Kubernetes.Client;

/// <summary>Options of a LIST call.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size (server-side <c>limit</c>); null lists everything in one response.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary><c>resourceVersion</c> of the list ("0" allows the watch cache; null is a consistent read).</summary>
    public string? ResourceVersion { get; init; }
}
