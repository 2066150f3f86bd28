using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Backups.Operator.Monitoring.Tests.EndToEnd;

/// <summary>One alert of an Alertmanager webhook notification, with the time the notification arrived.</summary>
internal sealed record ReceivedAlert(string Status, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset ReceivedAt)
{
    public string Name => Labels.GetValueOrDefault("alertname", string.Empty);
}

/// <summary>
/// The webhook receiver Alertmanager routes to: an HttpListener on a loopback port that records every alert of every
/// notification (Alertmanager's webhook JSON: <c>{status, alerts: [{status, labels, annotations, ...}]}</c>).
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedAlert> _alerts = new();
    private readonly TimeProvider _time;
    private readonly Task _loop;

    public WebhookReceiver(int port, TimeProvider time)
    {
        _time = time;
        Url = new Uri($"http://127.0.0.1:{port}/alerts/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<ReceivedAlert> Alerts => _alerts.ToList();

    /// <summary>The first received alert named <paramref name="name"/> with <paramref name="status"/> whose labels include <paramref name="labels"/>.</summary>
    public ReceivedAlert? Find(string name, string status, params (string Key, string Value)[] labels) =>
        _alerts.FirstOrDefault(a => a.Name == name && a.Status == status && labels.All(l => a.Labels.GetValueOrDefault(l.Key) == l.Value));

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                Record(await reader.ReadToEndAsync());
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private void Record(string body)
    {
        var now = _time.GetUtcNow();
        using var document = JsonDocument.Parse(body);
        foreach (var alert in document.RootElement.GetProperty("alerts").EnumerateArray())
        {
            _alerts.Enqueue(new ReceivedAlert(alert.GetProperty("status").GetString()!, Strings(alert.GetProperty("labels")),
                Strings(alert.GetProperty("annotations")), now));
        }
    }

    private static Dictionary<string, string> Strings(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
}
