using System.Text.Json;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Client;

/// <summary>
/// Decodes one object of a LIST or a watch line on its own, so that one object the type cannot hold (e.g.
/// <c>dropletId: 9223372036854775808</c> in an <c>int64</c>) never fails the others (docs/kubernetes-runtime.md,
/// "Undecodable objects"). When the full decode fails, metadata alone is read to name the object.
/// </summary>
internal static class ObjectDecoder<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly string Kind = ResourceType.Of<T>().Kind;

    /// <summary>The decoded object, or null and <paramref name="undecodable"/> naming it.</summary>
    public static T? Decode(JsonElement element, out UndecodableObject? undecodable)
    {
        undecodable = null;
        try
        {
            var obj = KubernetesJson.Deserialize<T>(element.GetRawText());
            if (obj is not null)
            {
                return obj;
            }

            undecodable = Describe(element, "the object is null");
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            undecodable = Describe(element, e is JsonException { Path: { } path } ? $"{path}: {FirstSentence(e.Message)}" : FirstSentence(e.Message));
        }

        return null;
    }

    /// <summary>metadata.resourceVersion of a watch line's object (bookmarks carry nothing else).</summary>
    public static string? ResourceVersionOf(JsonElement element) => MetadataString(element, "resourceVersion");

    private static UndecodableObject Describe(JsonElement element, string error) => new(
        Kind,
        MetadataString(element, "namespace"),
        MetadataString(element, "name"),
        MetadataString(element, "uid"),
        MetadataString(element, "resourceVersion"),
        error);

    private static string? MetadataString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("metadata", out var metadata)
        && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // The decoder's messages can quote the offending input; keep the first sentence, which names the type and path.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
