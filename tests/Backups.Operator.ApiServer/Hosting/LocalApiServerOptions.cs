using Microsoft.Extensions.Logging;

namespace Backups.Operator.ApiServer.Hosting;

/// <summary>Settings of a <see cref="LocalApiServer"/>; validated when the server starts.</summary>
public sealed class LocalApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; set; }

    /// <summary>Changes retained per resource for watches from an older resourceVersion; older ones get 410 Expired.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> receives a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a watch without <c>timeoutSeconds</c> stays open (the real server uses 30-60 minutes).</summary>
    public TimeSpan DefaultWatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Clock for timestamps, watch timeouts, bookmarks and injected latency.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the server logs; nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Seed of the random choice of which writes fail under <c>Faults.FailWrites</c>.</summary>
    public int FaultSeed { get; set; } = 4;

    /// <summary>Namespaces that exist from the start, as in a fresh cluster.</summary>
    public IReadOnlyList<string> InitialNamespaces { get; set; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>
    /// A JSON file that keeps the objects across restarts (loaded at start when it exists, written after changes and on
    /// stop); null keeps everything in memory only (the default, tests).
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>HTTPS, authentication, RBAC and an audit log as a real cluster has them; null: open plain http (the default).</summary>
    public Security.ApiServerSecurityOptions? Security { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be 0..65535 (got {Port}).", nameof(Port));
        }

        if (WatchHistorySize < 1)
        {
            throw new ArgumentException($"WatchHistorySize must be at least 1 (got {WatchHistorySize}).", nameof(WatchHistorySize));
        }

        if (BookmarkInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("BookmarkInterval must be positive.", nameof(BookmarkInterval));
        }

        if (DefaultWatchTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("DefaultWatchTimeout must be positive.", nameof(DefaultWatchTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(InitialNamespaces);
    }
}
