using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.Credentials;

/// <summary>
/// <see cref="ICredentialsInUseFinalizer"/> with consistent LISTs of the namespace's policies and backups (never the
/// informer cache: releasing too early would strand snapshots). Conflicts (409) propagate so the caller's reconcile retries.
/// </summary>
public sealed class CredentialsInUseFinalizer : ICredentialsInUseFinalizer
{
    /// <summary>The policy annotation recording which Secret the policy holds the finalizer on (to release it after a switch).</summary>
    public const string HeldSecretAnnotation = ApiConstants.Group + "/credentials-secret";

    private readonly IResourceClient<V1Secret> _secrets;
    private readonly IResourceClient<BackupPolicy> _policies;
    private readonly IResourceClient<Backup> _backups;
    private readonly ILogger<CredentialsInUseFinalizer> _logger;

    public CredentialsInUseFinalizer(
        IResourceClient<V1Secret> secrets,
        IResourceClient<BackupPolicy> policies,
        IResourceClient<Backup> backups,
        ILogger<CredentialsInUseFinalizer> logger)
    {
        _secrets = secrets;
        _policies = policies;
        _backups = backups;
        _logger = logger;
    }

    public async Task<bool> EnsureAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Spec.CredentialsSecretRef is not { Name.Length: > 0 } reference)
        {
            return false;
        }

        var ns = policy.Metadata.NamespaceProperty;
        var secret = await _secrets.GetAsync(ns, reference.Name, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return false;
        }

        if (secret.HasFinalizer(ApiConstants.CredentialsInUseFinalizer))
        {
            return true;
        }

        if (secret.Metadata.DeletionTimestamp is not null)
        {
            // A Secret being deleted cannot get new finalizers; it stays readable only while some other finalizer holds it.
            return false;
        }

        await _secrets.AddFinalizerAsync(secret, ApiConstants.CredentialsInUseFinalizer, cancellationToken).ConfigureAwait(false);
        Log.FinalizerAdded(_logger, ns, reference.Name, ApiConstants.CredentialsInUseFinalizer);
        return true;
    }

    public async Task<CredentialsHold> SyncAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ns = policy.Metadata.NamespaceProperty;
        var current = policy.Spec.CredentialsSecretRef is { Name.Length: > 0 } reference ? reference.Name : null;
        V1Secret? secret = null;
        if (current is not null)
        {
            secret = await _secrets.GetAsync(ns, current, cancellationToken).ConfigureAwait(false);
            if (secret is not null && !secret.HasFinalizer(ApiConstants.CredentialsInUseFinalizer) && secret.Metadata.DeletionTimestamp is null)
            {
                secret = await _secrets.AddFinalizerAsync(secret, ApiConstants.CredentialsInUseFinalizer, cancellationToken).ConfigureAwait(false);
                Log.FinalizerAdded(_logger, ns, current, ApiConstants.CredentialsInUseFinalizer);
            }
        }

        var previous = HeldSecret(policy);
        if (string.Equals(previous, current, StringComparison.Ordinal))
        {
            return new CredentialsHold(policy, secret);
        }

        if (previous is not null)
        {
            // The policy no longer names it, so it does not count as a user; other policies (and their backups) still do.
            await ReleaseIfUnusedAsync(ns, previous, releasingPolicy: null, cancellationToken).ConfigureAwait(false);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = policy.Metadata.ResourceVersion,
                ["annotations"] = new JsonObject { [HeldSecretAnnotation] = current },
            },
        };
        var updated = await _policies.PatchAsync(ns, policy.Metadata.Name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken)
            .ConfigureAwait(false);
        return new CredentialsHold(updated, secret);
    }

    public string? HeldSecret(BackupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Metadata.Annotations?.TryGetValue(HeldSecretAnnotation, out var name) == true && !string.IsNullOrEmpty(name) ? name : null;
    }

    public async Task<bool> ReleaseIfUnusedAsync(string ns, string secretName, string? releasingPolicy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(secretName);

        var secret = await _secrets.GetAsync(ns, secretName, cancellationToken).ConfigureAwait(false);
        if (secret is null || !secret.HasFinalizer(ApiConstants.CredentialsInUseFinalizer))
        {
            return true;
        }

        var policies = await ListAllAsync(_policies, ns, cancellationToken).ConfigureAwait(false);
        var referencing = policies
            .Where(p => string.Equals(p.Spec.CredentialsSecretRef?.Name, secretName, StringComparison.Ordinal))
            .Select(p => p.Metadata.Name)
            .ToHashSet(StringComparer.Ordinal);

        if (referencing.Any(name => !string.Equals(name, releasingPolicy, StringComparison.Ordinal)))
        {
            return false;
        }

        if (releasingPolicy is not null)
        {
            referencing.Add(releasingPolicy);
        }

        var backups = await ListAllAsync(_backups, ns, cancellationToken).ConfigureAwait(false);
        if (backups.Any(b => referencing.Contains(b.Spec.PolicyName)))
        {
            return false;
        }

        await _secrets.RemoveFinalizerAsync(secret, ApiConstants.CredentialsInUseFinalizer, cancellationToken).ConfigureAwait(false);
        Log.FinalizerRemoved(_logger, ns, secretName, ApiConstants.CredentialsInUseFinalizer);
        return true;
    }

    private static async Task<List<T>> ListAllAsync<T>(IResourceClient<T> client, string ns, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        var all = new List<T>();
        string? next = null;
        do
        {
            var page = await client.ListAsync(ns, new ListOptions { Limit = 500, Continue = next }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            next = page.Continue;
        }
        while (!string.IsNullOrEmpty(next));

        return all;
    }
}
