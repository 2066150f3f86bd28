using Backups.Operator.Kubernetes.Resources;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>
/// The per-token ceiling on verification droplets (<see cref="VerificationOptions.MaxDropletsPerToken"/>): a verification
/// takes a slot of its token before it writes its create intent and gives it back once its droplet is destroyed. A
/// verification already past Pending (after a restart) takes its slot back unconditionally, so the ceiling only stops
/// new droplets. Keyed by the client's token label, never the token.
/// </summary>
public sealed class VerificationSlots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<ObjectKey>> _byToken = new(StringComparer.Ordinal);

    /// <summary>Takes a slot unless <paramref name="max"/> other verifications of the token hold one; true when held.</summary>
    public bool TryAcquire(string tokenLabel, ObjectKey verification, int max)
    {
        lock (_lock)
        {
            var held = Held(tokenLabel);
            if (held.Contains(verification))
            {
                return true;
            }

            if (held.Count >= max)
            {
                return false;
            }

            held.Add(verification);
            return true;
        }
    }

    /// <summary>Holds a slot whatever the ceiling (a verification whose droplet may already exist).</summary>
    public void Hold(string tokenLabel, ObjectKey verification)
    {
        lock (_lock)
        {
            Held(tokenLabel).Add(verification);
        }
    }

    /// <summary>Gives the verification's slot back (any token).</summary>
    public void Release(ObjectKey verification)
    {
        lock (_lock)
        {
            foreach (var held in _byToken.Values)
            {
                held.Remove(verification);
            }
        }
    }

    /// <summary>How many slots the token's verifications hold.</summary>
    public int CountOf(string tokenLabel)
    {
        lock (_lock)
        {
            return _byToken.TryGetValue(tokenLabel, out var held) ? held.Count : 0;
        }
    }

    private HashSet<ObjectKey> Held(string tokenLabel)
    {
        if (!_byToken.TryGetValue(tokenLabel, out var held))
        {
            held = [];
            _byToken.Add(tokenLabel, held);
        }

        return held;
    }
}
