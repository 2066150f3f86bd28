using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// When each policy's token and droplet were last checked against DigitalOcean (one <c>GET /v2/droplets/{id}</c>) and
/// what was found. A policy is checked when it is new to this process, when its generation or credentials source changes,
/// and every <see cref="Interval"/> after that, shifted by a stable per-policy offset so checks spread out instead of
/// coming in bursts. Memory only: after a restart a policy whose status is Ready for its generation waits for its
/// offset before the first check. See docs/design.md, "Policy readiness".
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
    public static TimeSpan Spread(string uid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(uid ?? string.Empty));
        var fraction = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
        return TimeSpan.FromSeconds(Math.Floor(Interval.TotalSeconds * fraction));
    }
}

/// <summary>One check of a policy's token and droplet.</summary>
/// <param name="Generation">The policy generation that was checked.</param>
/// <param name="Credentials">What the token came from (the Secret name and resourceVersion, or the platform token).</param>
/// <param name="CheckedAt">When.</param>
/// <param name="Problem">The reason and message when the check failed, else null.</param>
/// <param name="NextAt">When to check again.</param>
public sealed record PolicyCheck(long? Generation, string Credentials, DateTimeOffset CheckedAt, (string Reason, string Message)? Problem, DateTimeOffset NextAt);
