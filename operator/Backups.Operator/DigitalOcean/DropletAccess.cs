using Backups.Operator.Api;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.Resources;

namespace Backups.Operator.DigitalOcean;

/// <summary><see cref="IDropletAccess"/> over <see cref="ICredentialResolver"/> and <see cref="IDigitalOceanClientFactory"/>.</summary>
public sealed class DropletAccess : IDropletAccess
{
    /// <summary>How long to wait after a transient DigitalOcean failure without a retry-after.</summary>
    public static readonly TimeSpan TransientRetry = TimeSpan.FromSeconds(30);

    private readonly ICredentialResolver _credentials;
    private readonly IDigitalOceanClientFactory _factory;

    public DropletAccess(ICredentialResolver credentials, IDigitalOceanClientFactory factory)
    {
        _credentials = credentials;
        _factory = factory;
    }

    public async Task<PolicyClientResult> GetClientAsync(BackupPolicy policy, RequestPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var credentials = await _credentials.ResolveAsync(policy, cancellationToken).ConfigureAwait(false);
        if (!credentials.IsResolved)
        {
            return PolicyClientResult.Failed(credentials.Source, credentials.Reason, credentials.Message);
        }

        return PolicyClientResult.Ok(_factory.Create(credentials.Token, priority), credentials.Source);
    }

    public async Task<PolicyClientResult> ConnectAsync(BackupPolicy policy, RequestPriority priority, CancellationToken cancellationToken)
    {
        var access = await GetClientAsync(policy, priority, cancellationToken).ConfigureAwait(false);
        if (!access.IsOk)
        {
            return access;
        }

        var dropletId = policy.Spec.DropletId;
        var droplet = await access.Client.GetDropletAsync(dropletId, cancellationToken).ConfigureAwait(false);
        if (droplet.IsOk)
        {
            return PolicyClientResult.Ok(access.Client, access.Source, droplet.Value);
        }

        return droplet.Kind switch
        {
            DoResultKind.NotFound => PolicyClientResult.Failed(access.Source, Reasons.DropletNotFound,
                $"Droplet {dropletId} does not exist or is not visible with this token: check spec.dropletId of BackupPolicy '{policy.Metadata.Name}' and that the token belongs to the droplet's team."),
            DoResultKind.Unauthorized when access.Source == CredentialSource.PlatformToken => PolicyClientResult.Failed(access.Source, Reasons.NotOwner,
                $"The platform token may not access droplet {dropletId} ({droplet.Error.Message}): ask the platform admin, or set spec.credentialsSecretRef."),
            DoResultKind.Unauthorized => PolicyClientResult.Failed(access.Source, Reasons.Unauthorized,
                $"DigitalOcean rejected the token of Secret '{policy.Spec.CredentialsSecretRef?.Name}' ({droplet.Error.Message}): replace it with a valid token that has droplet and snapshot scopes."),
            DoResultKind.RateLimited or DoResultKind.Transient => PolicyClientResult.Failed(access.Source, droplet.Kind.ToString(),
                $"DigitalOcean is not answering right now ({droplet.Error}); retrying.", droplet.RetryAfter ?? TransientRetry),
            _ => PolicyClientResult.Failed(access.Source, Reasons.DropletNotFound,
                $"Droplet {dropletId} could not be read: {droplet.Error}."),
        };
    }
}
