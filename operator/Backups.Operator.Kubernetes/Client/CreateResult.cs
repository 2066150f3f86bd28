namespace Backups.Operator.Kubernetes.Client;

/// <summary>Outcome of <see cref="IResourceClient{T}.TryCreateAsync"/>: the created object, or AlreadyExists.</summary>
public readonly record struct CreateResult<T>(T? Object, bool AlreadyExists)
    where T : class
{
    public bool Created => !AlreadyExists;

    public static CreateResult<T> FromCreated(T obj) => new(obj, false);

    public static CreateResult<T> FromAlreadyExists() => new(null, true);
}
