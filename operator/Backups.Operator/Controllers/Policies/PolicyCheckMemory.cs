using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// When each policy's token and droplet were last checked against DigitalOcean (one <c>GET /v2/droplets/{id}</c>, then one
/// paged list of the droplet's snapshots: the orphan sweep and the existence check of its Available Backups) and what was
/// found. A policy is checked when it is new to this process, when its generation or credentials source changes, and at its
/// own slots after that: every check interval (<c>Backups:SnapshotCheckInterval</c>) at a stable per-policy offset
/// (<see cref="NextSlot"/>), so checks of many policies spread evenly over the interval instead of coming in bursts.
/// The memory is lost on restart; the time of the last complete snapshot list is kept in <c>status.lastSnapshotCheckAt</c>,
/// so a restarted operator does not check again a policy checked recently (<see cref="FirstCheckAfterStart"/>).
/// See docs/design.md, "Policy readiness" and "Snapshot checks".
/// </summary>
public sealed class PolicyCheckMemory
{
    /// <summary>How often a policy's token and droplet are checked when nothing changes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    private readonly ConcurrentDictionary<string, PolicyCheck> _checks = new(StringComparer.Ordinal);

    /// <summary>The last check of the policy with <paramref name="uid"/>, if any.</summary>
    public PolicyCheck? Last(string uid) => _checks.TryGetValue(uid, out var check) ? check : null;

    public void Record(string uid, PolicyCheck check) => _checks[uid] = check;

    public void Forget(string uid) => _checks.TryRemove(uid, out _);

    /// <summary>A stable offset in [0, <see cref="Interval"/>) of the policy with <paramref name="uid"/>.</summary>
    public static TimeSpan Spread(string uid) => Spread(uid, Interval);

    /// <summary>A stable offset in [0, <paramref name="interval"/>) of the policy with <paramref name="uid"/>.</summary>
    public static TimeSpan Spread(string uid, TimeSpan interval)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(uid ?? string.Empty));
        var fraction = BitConverter.ToUInt32(hash, 0) / ((double)uint.MaxValue + 1);
        return TimeSpan.FromSeconds(Math.Floor(interval.TotalSeconds * fraction));
    }

    /// <summary>
    /// The policy's first check slot at or after <paramref name="notBefore"/>: its slots are the Unix epoch plus its
    /// <see cref="Spread(string, TimeSpan)"/> plus whole intervals, the same in every process and after every restart.
    /// </summary>
    public static DateTimeOffset NextSlot(string uid, DateTimeOffset notBefore, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var first = DateTimeOffset.UnixEpoch + Spread(uid, interval);
        var ticks = (notBefore - first).Ticks;
        var periods = ticks <= 0 ? 0 : (ticks + interval.Ticks - 1) / interval.Ticks;
        return first + TimeSpan.FromTicks(periods * interval.Ticks);
    }

    /// <summary>The next periodic check after a check at <paramref name="now"/>: the policy's first slot at least half an interval later.</summary>
    public static DateTimeOffset NextAfterCheck(string uid, DateTimeOffset now, TimeSpan interval) =>
        NextSlot(uid, now + interval / 2, interval);

    /// <summary>
    /// The first check of a policy that was Ready before this process started: after its last complete snapshot list
    /// (<c>status.lastSnapshotCheckAt</c>) as if this process had made it, else at its next slot from now; never all at once.
    /// </summary>
    public static DateTimeOffset FirstCheckAfterStart(string uid, DateTimeOffset? lastSnapshotCheckAt, DateTimeOffset now, TimeSpan interval)
    {
        var notBefore = lastSnapshotCheckAt is { } last && last + interval / 2 > now ? last + interval / 2 : now;
        return NextSlot(uid, notBefore, interval);
    }
}

/// <summary>One check of a policy's token and droplet.</summary>
/// <param name="Generation">The policy generation that was checked.</param>
/// <param name="Credentials">What the token came from (the Secret name and resourceVersion, or the platform token).</param>
/// <param name="CheckedAt">When.</param>
/// <param name="Problem">The reason and message when the check failed, else null.</param>
/// <param name="NextAt">When to check again.</param>
/// <param name="SnapshotsListedAt">When the droplet's snapshots were last listed completely (<c>status.lastSnapshotCheckAt</c>).</param>
public sealed record PolicyCheck(long? Generation, string Credentials, DateTimeOffset CheckedAt, (string Reason, string Message)? Problem, DateTimeOffset NextAt, DateTimeOffset? SnapshotsListedAt = null);
