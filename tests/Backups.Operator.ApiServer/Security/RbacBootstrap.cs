using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// The default roles and bindings a fresh cluster has (a subset of kube-apiserver's bootstrap policy): cluster-admin
/// for <c>system:masters</c>; discovery, version and health for every authenticated user; the user-facing roles
/// <c>admin</c>, <c>edit</c> and <c>view</c>, built only by aggregation (<c>aggregate-to-*</c> labels), with view
/// aggregated into edit and edit into admin as in Kubernetes.
/// </summary>
internal static class RbacBootstrap
{
    public const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    public const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    public const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    public static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return Role("cluster-admin", null, null,
            Rule(["*"], ["*"], ["*"]),
            new JsonObject { ["verbs"] = Array("*"), ["nonResourceURLs"] = Array("*") });
        yield return Role("system:discovery", null, null,
            new JsonObject
            {
                ["verbs"] = Array("get"),
                ["nonResourceURLs"] = Array("/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/", "/healthz", "/livez", "/readyz"),
            });
        yield return Role("admin", AggregateToAdmin, null);
        yield return Role("edit", AggregateToEdit, AggregateToAdmin);
        yield return Role("view", AggregateToView, AggregateToEdit);
    }

    public static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return Binding("cluster-admin", "cluster-admin", UserInfo.Masters);
        yield return Binding("system:discovery", "system:discovery", UserInfo.Authenticated);
    }

    private static JsonObject Role(string name, string? aggregateFrom, string? aggregatedInto, params JsonObject[] rules)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        if (aggregatedInto is not null)
        {
            labels[aggregatedInto] = "true";
        }

        var role = new JsonObject
        {
            ["apiVersion"] = RbacResources.Group + "/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["rules"] = new JsonArray([.. rules]),
        };
        if (aggregateFrom is not null)
        {
            role["aggregationRule"] = new JsonObject
            {
                ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [aggregateFrom] = "true" } }),
            };
        }

        return role;
    }

    private static JsonObject Binding(string name, string role, string group) => new()
    {
        ["apiVersion"] = RbacResources.Group + "/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" } },
        ["roleRef"] = new JsonObject { ["apiGroup"] = RbacResources.Group, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = RbacResources.Group, ["kind"] = "Group", ["name"] = group }),
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Array(verbs),
        ["apiGroups"] = Array(groups),
        ["resources"] = Array(resources),
    };

    private static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);
}
