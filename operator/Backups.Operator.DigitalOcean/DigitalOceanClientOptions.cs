namespace Backups.Operator.DigitalOcean;

/// <summary>Settings of the DigitalOcean client, validated at start-up.</summary>
public sealed class DigitalOceanClientOptions
{
    /// <summary>The API root (<c>--digitalocean-url</c>); paths <c>/v2/…</c> are resolved against it. Absolute http(s).</summary>
    public Uri BaseUrl { get; set; } = new("https://api.digitalocean.com/");

    /// <summary>Time allowed for one HTTP attempt, headers and body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to open a TCP/TLS connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt for GET and DELETE (transient failures and 429). POSTs are never retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff step; each retry doubles it (full jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest backoff between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per token per sliding minute (DigitalOcean's burst limit is 250).</summary>
    public int RequestsPerMinute { get; set; } = 250;

    /// <summary>Requests per token per sliding hour (DigitalOcean's limit is 5,000).</summary>
    public int RequestsPerHour { get; set; } = 5000;

    /// <summary>Added to each window so clock differences with the server never let a request count in two windows.</summary>
    public TimeSpan RateLimitWindowMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest number of pages a list call follows before it stops with <see cref="Results.DoResultKind.Transient"/>.</summary>
    public int MaxPages { get; set; } = 500;

    /// <summary><c>per_page</c> for list calls (1..200).</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>Most connections open to the API at once (requests beyond it queue in the HTTP handler).</summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary>Sent as <c>User-Agent</c>.</summary>
    public string UserAgent { get; set; } = "backups-operator/1.0";
}
