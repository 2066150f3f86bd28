namespace Backups.Operator.Kubernetes.Client;

/// <summary>
/// An object the server sent that cannot be decoded into the client's type (for example a number too large for its
/// field). Only its metadata, read on its own, is known; see docs/kubernetes-runtime.md, "Undecodable objects".
/// </summary>
/// <param name="Kind">The kind, e.g. <c>BackupPolicy</c>.</param>
/// <param name="Namespace">metadata.namespace, when it could be read.</param>
/// <param name="Name">metadata.name, when it could be read.</param>
/// <param name="Uid">metadata.uid, when it could be read.</param>
/// <param name="ResourceVersion">metadata.resourceVersion, when it could be read.</param>
/// <param name="Error">Why the decode failed (the JSON path and the decoder's message; never the object's values).</param>
public sealed record UndecodableObject(string Kind, string? Namespace, string? Name, string? Uid, string? ResourceVersion, string Error)
{
    /// <summary><c>namespace/name</c> (or <c>name</c>, or <c>?</c> when not even the name could be read).</summary>
    public string Key => Name is null ? "?" : string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}
