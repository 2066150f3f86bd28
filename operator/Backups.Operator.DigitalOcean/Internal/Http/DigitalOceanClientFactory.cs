using Backups.Operator.DigitalOcean.Internal.RateLimiting;
using Backups.Operator.DigitalOcean.Metrics;
using Backups.Operator.DigitalOcean.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.DigitalOcean.Internal.Http;

/// <summary>Creates per-token clients over one pooled <see cref="HttpClient"/> handler; one rate limiter per token.</summary>
internal sealed class DigitalOceanClientFactory : IDigitalOceanClientFactory
{
    public const string HttpClientName = "Backups.Operator.DigitalOcean";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly DigitalOceanClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IDigitalOceanClientMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TokenRateLimiterRegistry _limiters;

    public DigitalOceanClientFactory(
        IHttpClientFactory httpClientFactory,
        IOptions<DigitalOceanClientOptions> options,
        TimeProvider timeProvider,
        IDigitalOceanClientMetrics metrics,
        ILogger<DigitalOceanClientFactory> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = Normalize(options.Value);
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _limiters = new TokenRateLimiterRegistry(RateLimitSettings.From(_options), timeProvider);
    }

    /// <summary>Tokens that have a limiter (for tests and diagnostics).</summary>
    internal int LimiterCount => _limiters.Count;

    public IDigitalOceanClient Create(string token) => Create(token, RequestPriority.Normal);

    public IDigitalOceanClient Create(string token, RequestPriority priority)
    {
        if (TokenFormat.Problem(token) is { } problem)
        {
            // The message never includes the token.
            throw new ArgumentException($"A DigitalOcean token must be non-empty printable ASCII without whitespace: {problem}.", nameof(token));
        }

        var fingerprint = TokenFingerprint.Of(token);
        return new DigitalOceanClient(
            _httpClientFactory.CreateClient(HttpClientName),
            token,
            fingerprint.Label,
            _limiters.Get(fingerprint.Hash),
            priority,
            _options,
            _timeProvider,
            _metrics,
            _logger);
    }

    internal TokenRateLimiter LimiterFor(string token) => _limiters.Get(TokenFingerprint.Of(token).Hash);

    private static DigitalOceanClientOptions Normalize(DigitalOceanClientOptions options)
    {
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        return new DigitalOceanClientOptions
        {
            BaseUrl = baseUrl,
            RequestTimeout = options.RequestTimeout,
            ConnectTimeout = options.ConnectTimeout,
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            MaxRetryDelay = options.MaxRetryDelay,
            RequestsPerMinute = options.RequestsPerMinute,
            RequestsPerHour = options.RequestsPerHour,
            RateLimitWindowMargin = options.RateLimitWindowMargin,
            MaxPages = options.MaxPages,
            PageSize = options.PageSize,
            MaxConnections = options.MaxConnections,
            UserAgent = options.UserAgent,
        };
    }
}
