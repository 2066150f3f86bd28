using k8s;

namespace Backups.Operator.Kubernetes.Client;

/// <summary>
/// One line of a watch: ADDED/MODIFIED/DELETED with the decoded <see cref="Object"/>, or with <see cref="Undecodable"/>
/// when that object could not be decoded, or a BOOKMARK (neither). <see cref="ResourceVersion"/> is the line's
/// metadata.resourceVersion, which every line (bookmarks and undecodable objects included) advances.
/// </summary>
public readonly record struct ResourceWatchEvent<T>(WatchEventType Type, T? Object, UndecodableObject? Undecodable, string? ResourceVersion)
    where T : class;
