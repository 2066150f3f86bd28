namespace Backups.Operator.Kubernetes.Client;

/// <summary>
/// One page of a LIST: items, the list's resourceVersion and the continue token (null on the last page). Items that
/// could not be decoded are left out of <see cref="Items"/> and named in <see cref="Undecodable"/>.
/// </summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string? ResourceVersion, string? Continue)
{
    public IReadOnlyList<UndecodableObject> Undecodable { get; init; } = [];
}
