namespace Backups.Operator.Api.Schema;

/// <summary>
/// The list is a map keyed by the named item fields (<c>x-kubernetes-list-type: map</c> and
/// <c>x-kubernetes-list-map-keys</c>): server-side apply merges items by key, and keys are unique.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    /// <summary>The item fields that identify an item, e.g. <c>type</c> for conditions.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}
