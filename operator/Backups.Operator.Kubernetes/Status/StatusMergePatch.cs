using System.Text.Json.Nodes;
using k8s;

namespace Backups.Operator.Kubernetes.Status;

/// <summary>
/// The JSON merge patch (RFC 7386) that turns one status into another: only the fields that differ, and an explicit
/// <c>null</c> for every field the desired status no longer has (a merge patch leaves any field it does not mention in
/// place, so a field dropped from the desired status would otherwise never be removed). Nested objects are diffed
/// field by field; arrays (e.g. <c>conditions</c>) are replaced whole, as merge patch does.
/// </summary>
public static class StatusMergePatch
{
    /// <summary>
    /// The patch of <c>status</c> from <paramref name="current"/> to <paramref name="desired"/>, both compared as Kubernetes
    /// JSON; null when they are equal (nothing to write). A null <paramref name="desired"/> removes every field.
    /// </summary>
    public static JsonObject? Between<TStatus>(TStatus? current, TStatus? desired)
    {
        var from = ToNode(current) as JsonObject ?? [];
        var to = ToNode(desired) as JsonObject ?? [];
        return JsonNode.DeepEquals(from, to) ? null : Diff(from, to);
    }

    /// <summary>A deep copy of a status (through its Kubernetes JSON), or a new one when it is null.</summary>
    public static TStatus Copy<TStatus>(TStatus? status)
        where TStatus : class, new() =>
        status is null ? new TStatus() : KubernetesJson.Deserialize<TStatus>(KubernetesJson.Serialize(status));

    private static JsonNode? ToNode<TStatus>(TStatus? status) =>
        status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));

    private static JsonObject Diff(JsonObject from, JsonObject to)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in to)
        {
            if (!from.TryGetPropertyValue(key, out var old) || old is null)
            {
                patch[key] = value?.DeepClone();
            }
            else if (!JsonNode.DeepEquals(old, value))
            {
                patch[key] = old is JsonObject oldObject && value is JsonObject newObject
                    ? Diff(oldObject, newObject)
                    : value?.DeepClone();
            }
        }

        foreach (var (key, old) in from)
        {
            if (old is not null && (!to.TryGetPropertyValue(key, out var value) || value is null))
            {
                patch[key] = null;
            }
        }

        return patch;
    }
}
