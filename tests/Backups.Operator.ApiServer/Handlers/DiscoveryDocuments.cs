using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Resources;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>Legacy (non-aggregated) discovery documents, built from the catalog on each request.</summary>
internal static class DiscoveryDocuments
{
    public const string ServerVersion = "v1.31.0-backups-sandbox";

    public static JsonObject Version(DateTimeOffset started) => new()
    {
        ["major"] = "1",
        ["minor"] = "31",
        ["gitVersion"] = ServerVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["goVersion"] = "go1.22.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(IReadOnlyList<ResourceType> types)
    {
        var groups = new JsonArray();
        foreach (var group in types.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct().Order(StringComparer.Ordinal))
        {
            groups.Add(Group(types, group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Group(IReadOnlyList<ResourceType> types, string group)
    {
        var members = types.Where(t => t.Group == group).ToList();
        if (members.Count == 0)
        {
            return null;
        }

        var versions = members.SelectMany(t => t.Versions.Where(v => v.Served).Select(v => v.Name)).Distinct().ToList();
        var preferred = members.Select(t => t.StorageVersion).FirstOrDefault(versions.Contains) ?? versions[0];
        var versionArray = new JsonArray();
        foreach (var version in versions)
        {
            versionArray.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = versionArray,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{preferred}", ["version"] = preferred },
        };
    }

    public static JsonObject? ResourceList(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var members = types.Where(t => t.Group == group && t.FindVersion(version) is not null).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (members.Count == 0 && !(group.Length == 0 && version == "v1"))
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in members)
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Verbs(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
            };
            if (type.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(type.ShortNames);
            }

            if (type.Categories.Count > 0)
            {
                entry["categories"] = Strings(type.Categories);
            }

            resources.Add(entry);
            if (type.FindVersion(version)!.HasStatus)
            {
                resources.Add(Subresource(type, "status", ["get", "patch", "update"]));
            }

            if (type == BuiltInResources.Namespaces)
            {
                resources.Add(Subresource(type, "finalize", ["update"]));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = type0(group, version),
            ["resources"] = resources,
        };

        static string type0(string g, string v) => g.Length == 0 ? v : $"{g}/{v}";
    }

    private static JsonObject Subresource(ResourceType type, string name, string[] verbs) => new()
    {
        ["name"] = $"{type.Plural}/{name}",
        ["singularName"] = string.Empty,
        ["namespaced"] = type.Namespaced,
        ["kind"] = type.Kind,
        ["verbs"] = Verbs(verbs),
    };

    private static JsonArray Verbs(IEnumerable<string> verbs) => Strings(verbs);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
