using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// Ties a policy to the object that stands for its deployment (<c>spec.deploymentRef</c>, any kind, same namespace):
/// resolves the kind through API discovery (<see cref="IRestMapper"/>; no plural is guessed), looks the object up to learn
/// its uid and adds an owner reference to it on the policy (a metadata patch; the spec is
/// never written), so deleting the deployment deletes the policy and, through it, every Backup and snapshot.
/// </summary>
internal sealed class DeploymentOwnerReference(IDynamicObjects objects, IResourceClient<BackupPolicy> policies)
{
    /// <summary>What <see cref="EnsureAsync"/> found.</summary>
    /// <param name="Policy">The policy, updated when the owner reference was added.</param>
    /// <param name="Problem">Why the reference could not be added (the object does not exist); null when it is in place or not wanted.</param>
    public sealed record Outcome(BackupPolicy Policy, string? Problem);

    /// <summary>Adds the owner reference when <c>spec.deploymentRef</c> is set and the policy lacks it.</summary>
    public async Task<Outcome> EnsureAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Spec.DeploymentRef is not { Name.Length: > 0, Kind.Length: > 0 } reference)
        {
            return new Outcome(policy, null);
        }

        var existing = policy.Metadata.OwnerReferences ?? [];
        if (existing.Any(r => string.Equals(r.Kind, reference.Kind, StringComparison.Ordinal)
                              && string.Equals(r.Name, reference.Name, StringComparison.Ordinal)
                              && string.Equals(ApiGroup(r.ApiVersion), ApiGroup(reference.ApiVersion), StringComparison.Ordinal)))
        {
            return new Outcome(policy, null);
        }

        var ns = policy.Metadata.NamespaceProperty;
        string? uid;
        try
        {
            uid = await LookUpUidAsync(ns, reference, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return new Outcome(policy, $"spec.deploymentRef names kind {reference.Kind} in {reference.ApiVersion}, which this cluster does not serve (checked through API discovery): fix spec.deploymentRef.apiVersion/kind, or install the resource; the operator retries.");
        }

        if (uid is null)
        {
            return new Outcome(policy, $"spec.deploymentRef {reference.ApiVersion} {reference.Kind} '{reference.Name}' was not found in namespace '{ns}': the policy is not tied to its deployment yet (deleting the deployment would not delete its backups). Create the object or fix spec.deploymentRef; the operator retries.");
        }

        var references = new JsonArray();
        foreach (var owner in existing)
        {
            references.Add(JsonNode.Parse(KubernetesJson.Serialize(owner)));
        }

        references.Add(JsonNode.Parse(KubernetesJson.Serialize(new V1OwnerReference
        {
            ApiVersion = reference.ApiVersion,
            Kind = reference.Kind,
            Name = reference.Name,
            Uid = uid,
        })));
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = policy.Metadata.ResourceVersion,
                ["ownerReferences"] = references,
            },
        };
        var updated = await policies.PatchAsync(ns, policy.Metadata.Name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken)
            .ConfigureAwait(false);
        return new Outcome(updated, null);
    }

    private async Task<string?> LookUpUidAsync(string ns, DeploymentReference reference, CancellationToken cancellationToken)
    {
        var identity = await objects.GetIdentityAsync(reference.ApiVersion, reference.Kind, ns, reference.Name, cancellationToken).ConfigureAwait(false);
        return identity?.Uid;
    }

    private static string ApiGroup(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }
}
