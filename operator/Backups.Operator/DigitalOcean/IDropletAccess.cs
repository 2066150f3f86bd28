using Backups.Operator.Resources;

namespace Backups.Operator.DigitalOcean;

/// <summary>
/// DigitalOcean access for a policy: resolves its token (tenancy included) and checks ownership of the droplet.
/// </summary>
public interface IDropletAccess
{
    /// <summary>
    /// A client for the policy's token, without touching DigitalOcean (for polling an action, or deleting a snapshot
    /// whose ownership is checked with <see cref="SnapshotOwnership"/>). Fails with the credential reason. Its requests
    /// compete for the token's budget at <paramref name="priority"/>: <see cref="RequestPriority.Background"/> for
    /// periodic checks, so due backups and restores go first.
    /// </summary>
    Task<PolicyClientResult> GetClientAsync(BackupPolicy policy, RequestPriority priority, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetClientAsync"/>, then the ownership check: <c>GET /v2/droplets/{spec.dropletId}</c> with that token.
    /// 404 → <c>DropletNotFound</c>, 401/403 → <c>Unauthorized</c> (for the platform token: <c>NotOwner</c>),
    /// rate limit or transient → a failure with <see cref="PolicyClientResult.RetryAfter"/>. On success the droplet is included.
    /// </summary>
    Task<PolicyClientResult> ConnectAsync(BackupPolicy policy, RequestPriority priority, CancellationToken cancellationToken);
}
