using System.Security.Cryptography;
using System.Text;

namespace Backups.Operator.DigitalOcean.Internal.Http;

/// <summary>What may be kept or shown about a token: its SHA-256 (limiter key) and a short opaque label (logs, metrics).</summary>
internal readonly record struct TokenFingerprint(string Hash, string Label)
{
    public static TokenFingerprint Of(string token)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        return new TokenFingerprint(hash, "tok-" + hash[..10]);
    }
}
