using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Resources;

/// <summary>The built-in kinds this server stores: the ones operators and kubectl touch around custom resources.</summary>
internal static class BuiltInResources
{
    public static ResourceType Namespaces { get; } = new()
    {
        Group = string.Empty,
        Plural = "namespaces",
        Singular = "namespace",
        Kind = "Namespace",
        Namespaced = false,
        ShortNames = ["ns"],
        ReturnsDeletedObject = true,
        NameIsDnsLabel = true,
        Versions = [Version("v1", hasStatus: true, Column.Name(), Column.Path("Status", "string", ".status.phase"), Column.Age())],
    };

    public static ResourceType Secrets { get; } = Simple(string.Empty, "secrets", "secret", "Secret", [],
        Column.Name(), Column.Path("Type", "string", ".type"), Column.Computed("Data", "string", o => CountKeys(o, "data")), Column.Age());

    public static ResourceType ConfigMaps { get; } = Simple(string.Empty, "configmaps", "configmap", "ConfigMap", ["cm"],
        Column.Name(), Column.Computed("Data", "string", o => CountKeys(o, "data") + CountKeys(o, "binaryData")), Column.Age());

    public static ResourceType CoreEvents { get; } = Simple(string.Empty, "events", "event", "Event", ["ev"],
        Column.Path("Last Seen", "date", ".lastTimestamp"),
        Column.Path("Type", "string", ".type"),
        Column.Path("Reason", "string", ".reason"),
        Column.Computed("Object", "string", o => $"{Lower(o["involvedObject"]?["kind"])}/{o["involvedObject"]?["name"]}"),
        Column.Path("Message", "string", ".message"));

    public static ResourceType Events { get; } = Simple("events.k8s.io", "events", "event", "Event", ["ev"],
        Column.Path("Type", "string", ".type"),
        Column.Path("Reason", "string", ".reason"),
        Column.Computed("Object", "string", o => $"{Lower(o["regarding"]?["kind"])}/{o["regarding"]?["name"]}"),
        Column.Path("Note", "string", ".note"));

    public static ResourceType Leases { get; } = Simple("coordination.k8s.io", "leases", "lease", "Lease", [],
        Column.Name(), Column.Path("Holder", "string", ".spec.holderIdentity"), Column.Age());

    public static ResourceType Deployments { get; } = new()
    {
        Group = "apps",
        Plural = "deployments",
        Singular = "deployment",
        Kind = "Deployment",
        Namespaced = true,
        ShortNames = ["deploy"],
        Categories = ["all"],
        TracksGeneration = true,
        Versions = [Version("v1", hasStatus: true,
            Column.Name(),
            Column.Computed("Ready", "string", o => $"{o["status"]?["readyReplicas"] ?? 0}/{o["spec"]?["replicas"] ?? 1}"),
            Column.Path("Up-to-date", "integer", ".status.updatedReplicas"),
            Column.Path("Available", "integer", ".status.availableReplicas"),
            Column.Age())],
    };

    public static ResourceType CustomResourceDefinitions { get; } = new()
    {
        Group = "apiextensions.k8s.io",
        Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition",
        Kind = "CustomResourceDefinition",
        Namespaced = false,
        ShortNames = ["crd", "crds"],
        TracksGeneration = true,
        ReturnsDeletedObject = true,
        Versions = [Version("v1", hasStatus: true, Column.Name(), Column.Path("Created At", "string", ".metadata.creationTimestamp", format: "date"))],
    };

    public static IReadOnlyList<ResourceType> All { get; } =
        [Namespaces, Secrets, ConfigMaps, CoreEvents, Events, Leases, Deployments, CustomResourceDefinitions,
         .. InstallResources.All, .. Security.RbacResources.All];

    private static ResourceType Simple(string group, string plural, string singular, string kind, string[] shortNames, params PrinterColumn[] columns) => new()
    {
        Group = group,
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = true,
        ShortNames = shortNames,
        CreateKeepsStatus = true,
        Versions = [Version("v1", hasStatus: false, columns)],
    };

    private static ResourceTypeVersion Version(string name, bool hasStatus, params PrinterColumn[] columns) =>
        new() { Name = name, HasStatus = hasStatus, Columns = columns };

    private static int CountKeys(JsonObject o, string property) => o[property] is JsonObject map ? map.Count : 0;

    private static string Lower(JsonNode? node) => node?.GetValue<string>().ToLowerInvariant() ?? string.Empty;
}
