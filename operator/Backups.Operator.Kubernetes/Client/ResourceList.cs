namespace Backups.Operator.Kubernetes.Client;

/// <summary>One page of a LIST: items, the list's resourceVersion and the continue token (null on the last page).</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string? ResourceVersion, string? Continue);
