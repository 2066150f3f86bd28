namespace Backups.Operator.ApiServer.Resources;

/// <summary>
/// Further built-in kinds an operator's Helm chart creates (stored as given; no controllers act on them), so that
/// <c>helm install/upgrade/uninstall</c> and <c>kubectl apply -k</c> work against this server.
/// </summary>
internal static class InstallResources
{
    public static ResourceType ServiceAccounts { get; } = PlainResourceTypes.Create(string.Empty, "serviceaccounts", "serviceaccount", "ServiceAccount", namespaced: true, ["sa"]);

    public static ResourceType Services { get; } = PlainResourceTypes.Create(string.Empty, "services", "service", "Service", namespaced: true, ["svc"], hasStatus: true);

    public static ResourceType PodDisruptionBudgets { get; } = PlainResourceTypes.Create("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", namespaced: true, ["pdb"], hasStatus: true);

    public static ResourceType NetworkPolicies { get; } = PlainResourceTypes.Create("networking.k8s.io", "networkpolicies", "networkpolicy", "NetworkPolicy", namespaced: true, ["netpol"]);

    public static IReadOnlyList<ResourceType> All { get; } = [ServiceAccounts, Services, PodDisruptionBudgets, NetworkPolicies];
}
