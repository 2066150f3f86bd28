using System.Net;
using System.Text;
using Backups.Operator.Kubernetes.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Backups.Operator.Kubernetes.Hosting;

/// <summary>
/// A small Kestrel server of its own (so the operator host need not be a web app) serving <c>/metrics</c> on the metrics
/// port and <c>/healthz</c> (tag <c>live</c>) and <c>/readyz</c> (tag <c>ready</c>) on the health port.
/// </summary>
public sealed partial class OperatorEndpoints : IHostedService, IAsyncDisposable
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    private readonly OperatorRuntimeOptions _options;
    private readonly HealthCheckService _healthChecks;
    private readonly OperatorMetrics _metrics;
    private readonly ILogger _logger;
    private WebApplication? _app;
    private int _readiness; // 0 unknown, 1 ready, 2 not ready

    public OperatorEndpoints(IOptions<OperatorRuntimeOptions> options, HealthCheckService healthChecks, OperatorMetrics metrics, ILogger<OperatorEndpoints> logger)
    {
        _options = options.Value;
        _healthChecks = healthChecks;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The bound metrics address, e.g. <c>http://127.0.0.1:8080</c> (after start).</summary>
    public Uri? MetricsAddress { get; private set; }

    /// <summary>The bound health address (after start).</summary>
    public Uri? HealthAddress { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.ServeEndpoints)
        {
            return;
        }

        var address = _options.BindAddress == "*" ? IPAddress.Any : IPAddress.Parse(_options.BindAddress);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? metricsListener = null;
        ListenOptions? healthListener = null;
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(address, _options.MetricsPort, listen => metricsListener = listen);
            kestrel.Listen(address, _options.HealthPort, listen => healthListener = listen);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        // Kestrel writes the bound port (also for port 0) back into the listen options.
        var host = IPAddress.IsLoopback(address) ? address.ToString() : IPAddress.Loopback.ToString();
        MetricsAddress = new Uri($"http://{host}:{metricsListener!.IPEndPoint!.Port}");
        HealthAddress = new Uri($"http://{host}:{healthListener!.IPEndPoint!.Port}");
        Log.Listening(_logger, MetricsAddress, HealthAddress);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        var path = context.Request.Path.Value;
        if (port == MetricsAddress?.Port && path == "/metrics")
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await _metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (port == HealthAddress?.Port && path is "/healthz" or "/readyz")
        {
            var tag = path == "/healthz" ? LiveTag : ReadyTag;
            var report = await _healthChecks.CheckHealthAsync(r => r.Tags.Contains(tag), context.RequestAborted).ConfigureAwait(false);
            if (tag == ReadyTag)
            {
                LogReadinessChange(report);
            }

            context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain; charset=utf-8";
            var text = new StringBuilder(report.Status == HealthStatus.Unhealthy ? "unhealthy\n" : "ok\n");
            foreach (var (name, entry) in report.Entries)
            {
                text.Append(name).Append(": ").Append(entry.Status).Append(' ').Append(entry.Description).Append('\n');
            }

            await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>
    /// One line per readiness change (docs/kubernetes-runtime.md, "Informer health"): not ready before the caches first
    /// sync is expected (Debug); ready is Information; losing readiness is a Warning naming why. The health check
    /// service's own per-probe lines are filtered out (they would log every failing probe at error level).
    /// </summary>
    private void LogReadinessChange(HealthReport report)
    {
        var ready = report.Status != HealthStatus.Unhealthy;
        var previous = Interlocked.Exchange(ref _readiness, ready ? 1 : 2);
        if (previous == (ready ? 1 : 2))
        {
            return;
        }

        var reasons = string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description}"));
        if (ready)
        {
            Log.Ready(_logger);
        }
        else if (previous == 0)
        {
            Log.NotReadyYet(_logger, reasons);
        }
        else
        {
            Log.NoLongerReady(_logger, reasons);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Information, "Ready: every informer has synced and is watching")]
        public static partial void Ready(ILogger logger);

        [LoggerMessage(3, LogLevel.Debug, "Not ready yet: {Reasons}")]
        public static partial void NotReadyYet(ILogger logger, string reasons);

        [LoggerMessage(4, LogLevel.Warning, "No longer ready: {Reasons}")]
        public static partial void NoLongerReady(ILogger logger, string reasons);

        [LoggerMessage(1, LogLevel.Information, "Serving /metrics on {MetricsAddress} and /healthz, /readyz on {HealthAddress}")]
        public static partial void Listening(ILogger logger, Uri metricsAddress, Uri healthAddress);
    }
}
