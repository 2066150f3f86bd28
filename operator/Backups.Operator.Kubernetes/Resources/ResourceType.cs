using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>Group, version, kind and plural of a resource type, read from its <see cref="KubernetesEntityAttribute"/>.</summary>
public sealed record ResourceType(string Group, string Version, string Kind, string Plural)
{
    private static readonly ConcurrentDictionary<Type, ResourceType> Cache = new();

    /// <summary><c>group/version</c>, or just <c>version</c> for the core group.</summary>
    public string ApiVersionString => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>A short, stable label for logs and metrics, e.g. <c>backups.backup.platform.dev</c>.</summary>
    public string DisplayName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static ResourceType Of<T>() => Of(typeof(T));

    public static ResourceType Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var attribute = t.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{t.FullName} has no [KubernetesEntity] attribute.");
        if (string.IsNullOrEmpty(attribute.Kind) || string.IsNullOrEmpty(attribute.ApiVersion))
        {
            throw new InvalidOperationException($"[KubernetesEntity] on {t.FullName} must set Kind and ApiVersion.");
        }

        var plural = string.IsNullOrEmpty(attribute.PluralName) ? attribute.Kind.ToLowerInvariant() + "s" : attribute.PluralName;
        return new ResourceType(attribute.Group ?? string.Empty, attribute.ApiVersion, attribute.Kind, plural);
    });

    /// <summary>The resource type of <paramref name="type"/>, or null when it has no <see cref="KubernetesEntityAttribute"/>.</summary>
    public static ResourceType? TryOf(Type type) =>
        type.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind.Length: > 0, ApiVersion.Length: > 0 } ? Of(type) : null;

    public override string ToString() => DisplayName;
}
