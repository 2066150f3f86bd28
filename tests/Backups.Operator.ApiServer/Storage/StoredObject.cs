using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Storage;

/// <summary>
/// An immutable stored version of an object: the parsed tree (never mutated once stored) and its serialized
/// bytes, computed once per write and shared by every list, get and watch that returns it.
/// </summary>
internal sealed class StoredObject
{
    public StoredObject(JsonObject value, long resourceVersion)
    {
        ResourceVersion = resourceVersion;
        Json = JsonSerializer.SerializeToUtf8Bytes(value);

        // Re-read from the bytes so every value is JSON-backed, whatever code built the tree.
        Object = JsonNode.Parse(Json)!.AsObject();
        var metadata = Object["metadata"] as JsonObject;
        Name = metadata?["name"]?.GetValue<string>() ?? string.Empty;
        Namespace = metadata?["namespace"]?.GetValue<string>() ?? string.Empty;
        Uid = metadata?["uid"]?.GetValue<string>() ?? string.Empty;
    }

    public JsonObject Object { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public string Name { get; }

    public string Namespace { get; }

    public string Uid { get; }

    public JsonObject Metadata => (JsonObject)Object["metadata"]!;

    public bool IsDeleting => Metadata["deletionTimestamp"] is not null;

    public IEnumerable<string> Finalizers =>
        Metadata["finalizers"] is JsonArray array ? array.Select(f => f?.GetValue<string>() ?? string.Empty) : [];

    public IEnumerable<JsonObject> OwnerReferences =>
        Metadata["ownerReferences"] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A mutable copy to build the next version from.</summary>
    public JsonObject CloneObject() => Object.DeepClone().AsObject();
}

/// <summary>Where an object lives: resource key ("group/plural"), namespace ("" when cluster-scoped) and name.</summary>
internal readonly record struct ObjectAddress(string ResourceKey, string Namespace, string Name)
{
    public string StoreKey => Namespace + "/" + Name;
}

internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>A committed change, kept in the bounded watch history of its resource.</summary>
internal sealed record StoreEvent(StoreEventType Type, string ResourceKey, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;
}
