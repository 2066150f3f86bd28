using Backups.Operator.ApiServer.Resources;

namespace Backups.Operator.ApiServer.Security;

/// <summary>The rbac.authorization.k8s.io/v1 kinds the authorizer reads (names are path segments: system:discovery).</summary>
internal static class RbacResources
{
    public const string Group = "rbac.authorization.k8s.io";

    public static ResourceType Roles { get; } = PlainResourceTypes.Create(Group, "roles", "role", "Role", namespaced: true, nameIsPathSegment: true);

    public static ResourceType RoleBindings { get; } = PlainResourceTypes.Create(Group, "rolebindings", "rolebinding", "RoleBinding", namespaced: true, nameIsPathSegment: true);

    public static ResourceType ClusterRoles { get; } = PlainResourceTypes.Create(Group, "clusterroles", "clusterrole", "ClusterRole", namespaced: false, nameIsPathSegment: true);

    public static ResourceType ClusterRoleBindings { get; } = PlainResourceTypes.Create(Group, "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false, nameIsPathSegment: true);

    public static IReadOnlyList<ResourceType> All { get; } = [Roles, RoleBindings, ClusterRoles, ClusterRoleBindings];
}
