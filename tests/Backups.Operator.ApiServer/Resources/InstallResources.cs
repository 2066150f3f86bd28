using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Resources;

/// <summary>
/// Further built-in kinds an operator's Helm chart creates (stored as given; no controllers act on them), so that
/// <c>helm install/upgrade/uninstall</c> and <c>kubectl apply -k</c> work against this server.
/// </summary>
internal static class InstallResources
{
    public static ResourceType ServiceAccounts { get; } = Kind(string.Empty, "serviceaccounts", "serviceaccount", "ServiceAccount", ["sa"], hasStatus: false);

    public static ResourceType Services { get; } = Kind(string.Empty, "services", "service", "Service", ["svc"], hasStatus: true);

    public static ResourceType PodDisruptionBudgets { get; } = Kind("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", ["pdb"], hasStatus: true);

    public static ResourceType NetworkPolicies { get; } = Kind("networking.k8s.io", "networkpolicies", "networkpolicy", "NetworkPolicy", ["netpol"], hasStatus: false);

    public static IReadOnlyList<ResourceType> All { get; } = [ServiceAccounts, Services, PodDisruptionBudgets, NetworkPolicies];

    private static ResourceType Kind(string group, string plural, string singular, string kind, string[] shortNames, bool hasStatus) => new()
    {
        Group = group,
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = true,
        ShortNames = shortNames,
        TracksGeneration = hasStatus,
        Versions = [new ResourceTypeVersion { Name = "v1", HasStatus = hasStatus, Columns = [Column.Name(), Column.Age()] }],
    };
}
