using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;

namespace Backups.Operator.DigitalOcean;

/// <summary>
/// The DigitalOcean API v2 operations the backup operator needs, bound to one token.
/// Expected failures come back as a <see cref="DoResult{T}"/> whose <see cref="DoResult{T}.Kind"/> says what to do;
/// only caller cancellation throws (<see cref="OperationCanceledException"/>). A cancelled snapshot or rebuild POST
/// must be treated like <see cref="DoResultKind.Ambiguous"/>.
/// GET and DELETE are retried on transient failures and 429 with jittered backoff; POSTs are never retried.
/// </summary>
public interface IDigitalOceanClient
{
    /// <summary>An opaque, stable label of this client's token (a hash prefix), safe for logs and metrics.</summary>
    string TokenLabel { get; }

    /// <summary><c>GET /v2/account</c>: verifies the token.</summary>
    Task<DoResult<Account>> GetAccountAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /v2/droplets/{id}</c>.</summary>
    Task<DoResult<Droplet>> GetDropletAsync(long dropletId, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/droplets/{id}/snapshots</c>, every page. Ids are the integer image ids as strings.</summary>
    Task<DoResult<IReadOnlyList<Snapshot>>> ListDropletSnapshotsAsync(long dropletId, CancellationToken cancellationToken);

    /// <summary>The droplet's snapshots whose name equals <paramref name="name"/> exactly (ordinal), oldest first:
    /// how a lost or ambiguous snapshot POST is recovered by its unique name. Empty when there is none.</summary>
    Task<DoResult<IReadOnlyList<Snapshot>>> FindDropletSnapshotsByNameAsync(long dropletId, string name, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/droplets/{id}/actions</c>, every page, in the order the API returns them (newest first).</summary>
    Task<DoResult<IReadOnlyList<DropletAction>>> ListDropletActionsAsync(long dropletId, CancellationToken cancellationToken);

    /// <summary>The first page only of <c>GET /v2/droplets/{id}/actions</c> (newest first), at most <paramref name="count"/> (1..200):
    /// a cheap way to look for an in-progress or just-created action after an ambiguous POST.</summary>
    Task<DoResult<IReadOnlyList<DropletAction>>> ListRecentDropletActionsAsync(long dropletId, int count, CancellationToken cancellationToken);

    /// <summary><c>POST /v2/droplets/{id}/actions {"type":"snapshot","name":…}</c> → the in-progress action.
    /// Never retried: a 5xx, timeout or dropped connection after sending is <see cref="DoResultKind.Ambiguous"/>.</summary>
    Task<DoResult<DropletAction>> SnapshotDropletAsync(long dropletId, string name, CancellationToken cancellationToken);

    /// <summary><c>POST /v2/droplets/{id}/actions {"type":"rebuild","image":imageId}</c> → the in-progress action.
    /// Never retried: a 5xx, timeout or dropped connection after sending is <see cref="DoResultKind.Ambiguous"/>.</summary>
    Task<DoResult<DropletAction>> RebuildDropletAsync(long dropletId, long imageId, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/actions/{id}</c>.</summary>
    Task<DoResult<DropletAction>> GetActionAsync(long actionId, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/droplets/{dropletId}/actions/{actionId}</c>.</summary>
    Task<DoResult<DropletAction>> GetDropletActionAsync(long dropletId, long actionId, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/snapshots/{id}</c>.</summary>
    Task<DoResult<Snapshot>> GetSnapshotAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v2/snapshots/{id}</c>: 204 → <see cref="SnapshotDeletion.Deleted"/>, 404 → <see cref="SnapshotDeletion.AlreadyGone"/> (both Ok).</summary>
    Task<DoResult<SnapshotDeletion>> DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary><c>POST /v2/droplets</c> from a snapshot image → 202, the new droplet (status <c>new</c>) and its create action.
    /// Never retried: a 5xx, timeout or dropped connection after sending is <see cref="DoResultKind.Ambiguous"/> (find the
    /// droplet by its name and tag before ever POSTing again). 422 "…will exceed your droplet limit" is
    /// <see cref="DoResultKind.InvalidRequest"/> with <see cref="DoError.IsDropletLimit"/>.</summary>
    Task<DoResult<DropletCreation>> CreateDropletAsync(DropletCreateRequest request, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/droplets?tag_name=…</c>, every page: the token's droplets carrying the tag.</summary>
    Task<DoResult<IReadOnlyList<Droplet>>> ListDropletsByTagAsync(string tag, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v2/droplets/{id}</c>: 204 → <see cref="DropletDeletion.Deleted"/>, 404 → <see cref="DropletDeletion.AlreadyGone"/> (both Ok).</summary>
    Task<DoResult<DropletDeletion>> DeleteDropletAsync(long dropletId, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/sizes</c>, every page.</summary>
    Task<DoResult<IReadOnlyList<DropletSize>>> ListSizesAsync(CancellationToken cancellationToken);
}
