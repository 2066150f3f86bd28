using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Security;

/// <summary>The rbac.authorization.k8s.io/v1 kinds the authorizer reads.</summary>
internal static class RbacResources
{
    public const string Group = "rbac.authorization.k8s.io";

    public static ResourceType Roles { get; } = Kind("roles", "role", "Role", namespaced: true);

    public static ResourceType RoleBindings { get; } = Kind("rolebindings", "rolebinding", "RoleBinding", namespaced: true);

    public static ResourceType ClusterRoles { get; } = Kind("clusterroles", "clusterrole", "ClusterRole", namespaced: false);

    public static ResourceType ClusterRoleBindings { get; } = Kind("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false);

    public static IReadOnlyList<ResourceType> All { get; } = [Roles, RoleBindings, ClusterRoles, ClusterRoleBindings];

    private static ResourceType Kind(string plural, string singular, string kind, bool namespaced) => new()
    {
        Group = Group,
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = namespaced,
        CreateKeepsStatus = true,
        NameIsPathSegment = true,
        Versions = [new ResourceTypeVersion { Name = "v1", Columns = [Column.Name(), Column.Age()] }],
    };
}
