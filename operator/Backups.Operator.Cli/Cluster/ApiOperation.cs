namespace Backups.Operator.Cli.Cluster;

/// <summary>What a call to the API server was for, in RBAC's words: the verb, the kind and the namespace.</summary>
/// <param name="Verb">get, list, create or delete.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The object's name, when the call is about one object.</param>
public sealed record ApiOperation(string Verb, ResourceKind Kind, string Namespace, string? Name = null);
