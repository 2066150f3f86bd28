using System.Text.Json.Nodes;

namespace Backups.Operator.Install.Tests.Infrastructure;

/// <summary>One (apiGroup, resource, verb) a rendered Role or ClusterRole grants, with the rule it comes from.</summary>
internal sealed record GrantedPermission(string Role, string? Namespace, string ApiGroup, string Resource, string Verb, IReadOnlyList<string> ResourceNames)
{
    /// <summary>Every permission of the Roles and ClusterRoles in <paramref name="objects"/> whose names are in <paramref name="roles"/>.</summary>
    public static IReadOnlyList<GrantedPermission> Of(IEnumerable<JsonObject> objects, ISet<string> roles)
    {
        var result = new List<GrantedPermission>();
        foreach (var role in objects.Where(o => RenderedChart.Kind(o) is "Role" or "ClusterRole" && roles.Contains(RenderedChart.Name(o))))
        {
            var ns = RenderedChart.Kind(role) == "Role" ? (string?)role["metadata"]!["namespace"] : null;
            foreach (var rule in role["rules"]!.AsArray())
            {
                var names = Strings(rule!["resourceNames"]);
                foreach (var group in Strings(rule["apiGroups"]))
                {
                    foreach (var resource in Strings(rule["resources"]))
                    {
                        foreach (var verb in Strings(rule["verbs"]))
                        {
                            result.Add(new GrantedPermission(RenderedChart.Name(role), ns, group, resource, verb, names));
                        }
                    }
                }
            }
        }

        return result;
    }

    public bool UsedBy(AuditRecord record) =>
        record.Allowed && record.Verb == Verb && record.ApiGroup == ApiGroup && record.ResourceWithSubresource == Resource
        && (Namespace is null || record.Namespace == Namespace)
        && (ResourceNames.Count == 0 || ResourceNames.Contains(record.Name));

    public override string ToString() =>
        $"{Role}{(Namespace is null ? string.Empty : $" (Role in {Namespace})")}: {Verb} {(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}";

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [];
}
