using System.Globalization;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Coordination;

/// <summary>
/// Secondary indexes of the shared Backup cache (docs/kubernetes-runtime.md, "Indexes"): the Backups of one policy and of
/// one droplet are a dictionary lookup, not a scan of every Backup (50,000 at scale) per reconcile. The indexes are declared
/// on first use and follow every add, update, delete and relist of the informer.
/// </summary>
public static class BackupIndexes
{
    /// <summary>Index of <c>namespace/spec.policyName</c>.</summary>
    public const string Policy = "backup.platform.dev/policy";

    /// <summary>Index of <c>status.dropletId</c> (set once the Backup was admitted).</summary>
    public const string Droplet = "backup.platform.dev/droplet";

    /// <summary>The Backups whose <c>spec.policyName</c> is <paramref name="policyName"/> in <paramref name="namespace"/>.</summary>
    public static IReadOnlyList<Backup> OfPolicy(IInformerFactory informers, string? @namespace, string policyName) =>
        Store(informers).ByIndex(Policy, PolicyKey(@namespace, policyName));

    /// <summary>The Backups whose <c>status.dropletId</c> is <paramref name="dropletId"/>, in every namespace.</summary>
    public static IReadOnlyList<Backup> OfDroplet(IInformerFactory informers, long dropletId) =>
        Store(informers).ByIndex(Droplet, dropletId.ToString(CultureInfo.InvariantCulture));

    private static IInformerStore<Backup> Store(IInformerFactory informers)
    {
        ArgumentNullException.ThrowIfNull(informers);
        var store = informers.GetInformer<Backup>().Store;
        store.TryAddIndex(Policy, static b => b.Spec?.PolicyName is { Length: > 0 } policy ? [PolicyKey(b.Metadata.NamespaceProperty, policy)] : []);
        store.TryAddIndex(Droplet, static b => b.Status?.DropletId is { } droplet ? [droplet.ToString(CultureInfo.InvariantCulture)] : []);
        return store;
    }

    private static string PolicyKey(string? @namespace, string policyName) => $"{@namespace}/{policyName}";
}
