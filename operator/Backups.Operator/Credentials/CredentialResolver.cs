using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.DigitalOcean.Tokens;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Credentials;

/// <summary>
/// <see cref="ICredentialResolver"/> reading Secrets and the Namespace straight from the API server (consistent reads;
/// Secrets are not cached in the operator's memory beyond a reconcile).
/// </summary>
public sealed class CredentialResolver : ICredentialResolver
{
    /// <summary>The key of <c>credentialsSecretRef</c> when none is given.</summary>
    public const string DefaultKey = "token";

    private readonly IResourceClient<V1Secret> _secrets;
    private readonly IResourceClient<V1Namespace> _namespaces;
    private readonly IOptionsMonitor<BackupsOperatorOptions> _options;
    private readonly ILogger<CredentialResolver> _logger;

    public CredentialResolver(
        IResourceClient<V1Secret> secrets,
        IResourceClient<V1Namespace> namespaces,
        IOptionsMonitor<BackupsOperatorOptions> options,
        ILogger<CredentialResolver> logger)
    {
        _secrets = secrets;
        _namespaces = namespaces;
        _options = options;
        _logger = logger;
    }

    public async Task<CredentialResolution> ResolveAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ns = policy.Metadata.NamespaceProperty;
        ArgumentException.ThrowIfNullOrEmpty(ns, "policy.metadata.namespace");

        var result = policy.Spec.CredentialsSecretRef is { } reference
            ? await FromPolicySecretAsync(ns, reference, cancellationToken).ConfigureAwait(false)
            : await FromPlatformAsync(ns, policy.Spec.DropletId, cancellationToken).ConfigureAwait(false);
        result = RefuseUnsendable(policy, result);

        if (!result.IsResolved)
        {
            Log.CredentialsUnavailable(_logger, ns, policy.Metadata.Name, result.Reason, result.Message);
        }

        return result;
    }

    /// <summary>
    /// A token that cannot be an HTTP header value (control characters, spaces, a newline from <c>echo</c>) is the user's
    /// mistake: every caller gets <c>InvalidCredentials</c> with a message, never an exception (nor the token).
    /// </summary>
    private static CredentialResolution RefuseUnsendable(BackupPolicy policy, CredentialResolution result)
    {
        if (!result.IsResolved || TokenFormat.Problem(result.Token) is not { } problem)
        {
            return result;
        }

        var where = result.Source == CredentialSource.PlatformToken
            ? "The platform token"
            : $"The token in Secret '{policy.Spec.CredentialsSecretRef?.Name}' (key '{policy.Spec.CredentialsSecretRef?.Key ?? DefaultKey}')";
        return CredentialResolution.Failed(result.Source, Reasons.InvalidCredentials,
            $"{where} cannot be sent to DigitalOcean: {problem}. Store exactly one DigitalOcean API token in it.");
    }

    private async Task<CredentialResolution> FromPolicySecretAsync(string ns, SecretKeyReference reference, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrWhiteSpace(reference.Key) ? DefaultKey : reference.Key;
        var secret = await _secrets.GetAsync(ns, reference.Name, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return CredentialResolution.Failed(CredentialSource.PolicySecret, Reasons.CredentialsNotFound,
                $"Secret '{reference.Name}' (spec.credentialsSecretRef) does not exist in namespace '{ns}': create it with your DigitalOcean API token under key '{key}'.");
        }

        var token = SecretValues.Read(secret, key);
        return token is null
            ? CredentialResolution.Failed(CredentialSource.PolicySecret, Reasons.CredentialsNotFound,
                $"Secret '{reference.Name}' in namespace '{ns}' has no value under key '{key}': put your DigitalOcean API token there or set spec.credentialsSecretRef.key.")
            : CredentialResolution.Resolved(token, CredentialSource.PolicySecret);
    }

    private async Task<CredentialResolution> FromPlatformAsync(string ns, long dropletId, CancellationToken cancellationToken)
    {
        var namespaceObject = await _namespaces.GetAsync(null, ns, cancellationToken).ConfigureAwait(false);
        if (!AllowedDroplets.Allows(namespaceObject, dropletId))
        {
            return CredentialResolution.Failed(CredentialSource.PlatformToken, Reasons.NotOwner,
                $"Droplet {dropletId} is not listed in the annotation {ApiConstants.AllowedDropletsAnnotation} of namespace '{ns}', so the platform token may not be used for it: set spec.credentialsSecretRef to a Secret with your own DigitalOcean token, or ask the platform admin to allow the droplet.");
        }

        var options = _options.CurrentValue;
        if (!string.IsNullOrWhiteSpace(options.PlatformToken))
        {
            return CredentialResolution.Resolved(options.PlatformToken.Trim(), CredentialSource.PlatformToken);
        }

        if (string.IsNullOrWhiteSpace(options.PlatformTokenSecretName))
        {
            return CredentialResolution.Failed(CredentialSource.PlatformToken, Reasons.CredentialsNotFound,
                "The operator has no platform token (DIGITALOCEAN_TOKEN or Backups:PlatformTokenSecretName) and the policy sets no spec.credentialsSecretRef: reference a Secret with your DigitalOcean token.");
        }

        var secret = await _secrets.GetAsync(options.OperatorNamespace, options.PlatformTokenSecretName, cancellationToken).ConfigureAwait(false);
        var token = secret is null ? null : SecretValues.Read(secret, options.PlatformTokenSecretKey);
        return token is null
            ? CredentialResolution.Failed(CredentialSource.PlatformToken, Reasons.CredentialsNotFound,
                $"The platform token Secret '{options.PlatformTokenSecretName}' (key '{options.PlatformTokenSecretKey}') in the operator's namespace '{options.OperatorNamespace}' is missing or empty: ask the platform admin, or set spec.credentialsSecretRef.")
            : CredentialResolution.Resolved(token, CredentialSource.PlatformToken);
    }
}
