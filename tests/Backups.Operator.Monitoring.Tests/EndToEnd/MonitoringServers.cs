using System.Globalization;
using System.Net;
using System.Text.Json;
using Backups.Operator.Monitoring.Tests.Rules;
using Backups.Operator.Monitoring.Tests.Support;
using Backups.Operator.Testing;
using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Monitoring.Tests.EndToEnd;

/// <summary>
/// Debian's prometheus and prometheus-alertmanager as processes on free loopback ports, in a temporary directory:
/// Prometheus scrapes the operator every second as job <c>backups-operator</c>, evaluates a copy of the shipped rules
/// whose durations are divided by <see cref="DurationDivisor"/> (RuleFile.Shortened: <c>for: 1m</c> becomes 1 s,
/// <c>[10m]</c> becomes 10 s), and sends alerts to Alertmanager, which routes every alert to <see cref="WebhookReceiver"/>.
/// </summary>
internal sealed class MonitoringServers : IAsyncDisposable
{
    /// <summary>Minutes become seconds.</summary>
    public const int DurationDivisor = 60;

    private readonly List<ChildProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private MonitoringServers(string directory, int prometheusPort, int alertmanagerPort, WebhookReceiver webhook)
    {
        Directory = directory;
        PrometheusUrl = new Uri($"http://127.0.0.1:{prometheusPort}/");
        AlertmanagerUrl = new Uri($"http://127.0.0.1:{alertmanagerPort}/");
        Webhook = webhook;
    }

    public string Directory { get; }

    public Uri PrometheusUrl { get; }

    public Uri AlertmanagerUrl { get; }

    public WebhookReceiver Webhook { get; }

    public IReadOnlyList<ChildProcess> Processes => _processes;

    public static async Task<MonitoringServers> StartAsync(int operatorMetricsPort, Action<string> log)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("backups-monitoring-").FullName;
        var ports = LocalStack.FreePorts(3);
        var servers = new MonitoringServers(directory, ports[0], ports[1], new WebhookReceiver(ports[2], TimeProvider.System));
        try
        {
            await servers.StartProcessesAsync(operatorMetricsPort, log);
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs an instant query; returns Prometheus's JSON answer (status "success" or "error").</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> QueryAsync(string query)
    {
        using var response = await _http.GetAsync(new Uri(PrometheusUrl, $"api/v1/query?query={Uri.EscapeDataString(query)}"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Values of a label over the series of a metric (Grafana's <c>label_values(metric, label)</c>).</summary>
    public async Task<JsonElement> LabelValuesAsync(string metric, string label)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(
            new Uri(PrometheusUrl, $"api/v1/label/{label}/values?match[]={Uri.EscapeDataString(metric)}")));
        return document.RootElement.Clone();
    }

    /// <summary>Whether the operator's target has been scraped successfully (up == 1).</summary>
    public async Task<bool> OperatorScrapedAsync()
    {
        try
        {
            var (_, body) = await QueryAsync("up{job=\"backups-operator\"} == 1");
            return body.GetProperty("data").GetProperty("result").GetArrayLength() > 0;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        Webhook.Dispose();
        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartProcessesAsync(int operatorMetricsPort, Action<string> log)
    {
        var rules = Path.Combine(Directory, "rules.yaml");
        await File.WriteAllTextAsync(rules, RuleFile.Load(MonitoringPaths.Rules).Shortened(DurationDivisor).ToYaml());
        var alertmanagerConfig = Path.Combine(Directory, "alertmanager.yml");
        await File.WriteAllTextAsync(alertmanagerConfig, $"""
            route:
              receiver: webhook
              group_by: [alertname, namespace, policy, backup, operation]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: webhook
                webhook_configs:
                  - url: {Webhook.Url}
                    send_resolved: true
            """);
        var prometheusConfig = Path.Combine(Directory, "prometheus.yml");
        await File.WriteAllTextAsync(prometheusConfig, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: [{rules}]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["{AlertmanagerUrl.Authority}"]
            scrape_configs:
              - job_name: backups-operator
                static_configs:
                  - targets: ["127.0.0.1:{operatorMetricsPort.ToString(CultureInfo.InvariantCulture)}"]
            """);

        _processes.Add(ChildProcess.Start("alertmanager", MonitoringPaths.Alertmanager,
        [
            $"--config.file={alertmanagerConfig}", $"--storage.path={Path.Combine(Directory, "alertmanager")}",
            $"--web.listen-address={AlertmanagerUrl.Authority}", "--cluster.listen-address=",
        ]));
        _processes.Add(ChildProcess.Start("prometheus", MonitoringPaths.Prometheus,
        [
            $"--config.file={prometheusConfig}", $"--storage.tsdb.path={Path.Combine(Directory, "prometheus")}",
            $"--web.listen-address={PrometheusUrl.Authority}", "--rules.alert.resend-delay=1s",
        ]));
        await Eventually.TrueAsync("Alertmanager is ready", () => OkAsync(new Uri(AlertmanagerUrl, "-/ready")), _processes, log);
        await Eventually.TrueAsync("Prometheus is ready", () => OkAsync(new Uri(PrometheusUrl, "-/ready")), _processes, log);
    }

    private async Task<bool> OkAsync(Uri uri)
    {
        try
        {
            using var response = await _http.GetAsync(uri);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
