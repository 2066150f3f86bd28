using System.Collections.Concurrent;

namespace Backups.Operator.Controllers.Restores;

/// <summary>
/// The rebuild actions this process POSTed, by restore uid, until the informer cache shows their id in the restore's
/// status. The cache can lag the operator's own status write (the action id is written right after the POST), so a
/// reconcile reading that older copy would otherwise spend a DigitalOcean request looking for a rebuild it already
/// knows about (docs/design.md, "Restores"). A hint only: lost on restart, when the cache is listed fresh. Singleton.
/// </summary>
public sealed class PostedRebuilds
{
    private readonly ConcurrentDictionary<string, long> _actions = new(StringComparer.Ordinal);

    public void Remember(string restoreUid, long actionId) => _actions[restoreUid] = actionId;

    /// <summary>The action POSTed for the restore when its cached status does not show one yet.</summary>
    public long? NotYetCached(string restoreUid, long? cachedActionId)
    {
        if (cachedActionId is not null)
        {
            _actions.TryRemove(restoreUid, out _);
            return null;
        }

        return _actions.TryGetValue(restoreUid, out var actionId) ? actionId : null;
    }

    public void Forget(string restoreUid) => _actions.TryRemove(restoreUid, out _);
}
