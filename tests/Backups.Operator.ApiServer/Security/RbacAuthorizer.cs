using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Selectors;
using Backups.Operator.ApiServer.Storage;

namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// Kubernetes' RBAC authorizer over the stored Roles, ClusterRoles and their bindings: ClusterRoleBindings grant
/// everywhere, RoleBindings in their namespace (to a Role of that namespace or a ClusterRole); a ClusterRole with an
/// <c>aggregationRule</c> holds the rules of every ClusterRole its selectors match (as the aggregation controller
/// fills them in). Read on every request, so a binding takes effect at once. Semantics: docs/kubernetes-runtime.md,
/// "Running in a cluster".
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    public bool Allows(UserInfo user, RequestAttributes request)
    {
        foreach (var binding in store.Snapshot(RbacResources.ClusterRoleBindings.Key))
        {
            if (Binds(binding.Object, user, bindingNamespace: null) && RoleRules(binding.Object, bindingNamespace: null).Any(r => r.Allows(request)))
            {
                return true;
            }
        }

        if (!request.IsResourceRequest || request.Namespace.Length == 0)
        {
            return false;
        }

        foreach (var binding in store.Snapshot(RbacResources.RoleBindings.Key, request.Namespace))
        {
            if (Binds(binding.Object, user, request.Namespace) && RoleRules(binding.Object, request.Namespace).Any(r => r.Allows(request)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Binds(JsonObject binding, UserInfo user, string? bindingNamespace)
    {
        if (binding["subjects"] is not JsonArray subjects)
        {
            return false;
        }

        var serviceAccount = user.AsServiceAccount();
        foreach (var subject in subjects)
        {
            var kind = subject?["kind"]?.GetValue<string>();
            var name = subject?["name"]?.GetValue<string>();
            var matches = kind switch
            {
                "User" => name == user.Name,
                "Group" => name is not null && user.Groups.Contains(name),
                "ServiceAccount" => serviceAccount is { } sa && sa.Name == name
                    && sa.Namespace == (subject?["namespace"]?.GetValue<string>() ?? bindingNamespace),
                _ => false,
            };
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<PolicyRule> RoleRules(JsonObject binding, string? bindingNamespace)
    {
        var kind = binding["roleRef"]?["kind"]?.GetValue<string>();
        var name = binding["roleRef"]?["name"]?.GetValue<string>() ?? string.Empty;
        if (kind == "Role" && bindingNamespace is not null)
        {
            var role = store.Get(new ObjectAddress(RbacResources.Roles.Key, bindingNamespace, name));
            return role is null ? [] : Rules(role.Object);
        }

        return kind == "ClusterRole" ? ClusterRoleRules(name, []) : [];
    }

    private List<PolicyRule> ClusterRoleRules(string name, HashSet<string> visited)
    {
        if (!visited.Add(name) || store.Get(new ObjectAddress(RbacResources.ClusterRoles.Key, string.Empty, name)) is not { } role)
        {
            return [];
        }

        var rules = Rules(role.Object).ToList();
        if (role.Object["aggregationRule"]?["clusterRoleSelectors"] is JsonArray selectors)
        {
            var parsed = selectors.Select(s => LabelSelector.Parse(SelectorText(s))).ToList();
            foreach (var candidate in store.Snapshot(RbacResources.ClusterRoles.Key))
            {
                if (parsed.Any(selector => !selector.IsEverything && selector.Matches(candidate.Object)))
                {
                    rules.AddRange(ClusterRoleRules(candidate.Name, visited));
                }
            }
        }

        return rules;
    }

    private static IEnumerable<PolicyRule> Rules(JsonObject role) =>
        role["rules"] is JsonArray rules ? rules.Select(PolicyRule.Parse) : [];

    /// <summary>A metav1.LabelSelector as the selector text <see cref="LabelSelector"/> parses.</summary>
    private static string SelectorText(JsonNode? selector)
    {
        var parts = new List<string>();
        if (selector?["matchLabels"] is JsonObject labels)
        {
            parts.AddRange(labels.Select(l => $"{l.Key}={l.Value?.GetValue<string>()}"));
        }

        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                var key = expression?["key"]?.GetValue<string>();
                var values = expression?["values"] is JsonArray v ? string.Join(',', v.Select(x => x?.GetValue<string>())) : string.Empty;
                parts.Add(expression?["operator"]?.GetValue<string>() switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => $"{key}",
                    "DoesNotExist" => $"!{key}",
                    _ => $"{key}",
                });
            }
        }

        return string.Join(',', parts);
    }
}
