using System.Collections.Concurrent;

namespace Backups.Operator.DigitalOcean.Internal.RateLimiting;

/// <summary>One <see cref="TokenRateLimiter"/> per token, keyed by the token's hash (the token itself is not kept).</summary>
internal sealed class TokenRateLimiterRegistry
{
    private readonly ConcurrentDictionary<string, Lazy<TokenRateLimiter>> _limiters = new(StringComparer.Ordinal);
    private readonly RateLimitSettings _settings;
    private readonly TimeProvider _timeProvider;

    public TokenRateLimiterRegistry(RateLimitSettings settings, TimeProvider timeProvider)
    {
        _settings = settings;
        _timeProvider = timeProvider;
    }

    public int Count => _limiters.Count;

    public TokenRateLimiter Get(string tokenHash) =>
        _limiters.GetOrAdd(
            tokenHash,
            static (_, self) => new Lazy<TokenRateLimiter>(() => new TokenRateLimiter(self._settings, self._timeProvider)),
            this).Value;
}
