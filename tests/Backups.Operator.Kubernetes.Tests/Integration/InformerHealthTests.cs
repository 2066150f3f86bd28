using System.Net;
using Backups.Operator.Kubernetes.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>An informer that cannot list or watch shows on <c>/readyz</c> and <c>informer_stuck</c>, and recovers (docs/kubernetes-runtime.md, "Informer health").</summary>
public sealed class InformerHealthTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Readyz_turns_503_while_an_informer_cannot_list_or_watch_and_200_when_it_can_again()
    {
        await using var host = await OperatorTestHost.StartAsync(_api, new ReconcileRecorder(), output, configure: options =>
        {
            options.Informers.StuckAfter = TimeSpan.FromSeconds(2);
            options.Informers.MaxBackoff = TimeSpan.FromMilliseconds(500);
        });
        var endpoints = host.Services.GetRequiredService<OperatorEndpoints>();
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => await ReadyAsync(http, endpoints) == HttpStatusCode.OK, "ready once synced");

        _api.Server.Faults.FailListsAndWatches("widgets");
        var turned = await Eventually.HoldsAsync(async () => await ReadyAsync(http, endpoints) == HttpStatusCode.ServiceUnavailable, "readyz 503 while widgets cannot be watched");
        (await Metric(http, endpoints)).Should().Contain("informer_stuck{resource=\"widgets.test.example.dev\"} 1");

        _api.Server.Faults.StopFailingListsAndWatches("widgets");
        await Eventually.HoldsAsync(async () => await ReadyAsync(http, endpoints) == HttpStatusCode.OK, "readyz 200 after recovery");
        (await Metric(http, endpoints)).Should().Contain("informer_stuck{resource=\"widgets.test.example.dev\"} 0");
        output.WriteLine($"MEASURED readyz turned 503 {turned.TotalSeconds:F1} s after lists and watches started failing (StuckAfter 2 s)");
    }

    private static async Task<HttpStatusCode> ReadyAsync(HttpClient http, OperatorEndpoints endpoints)
    {
        using var response = await http.GetAsync(new Uri(endpoints.HealthAddress!, "/readyz"));
        return response.StatusCode;
    }

    private static Task<string> Metric(HttpClient http, OperatorEndpoints endpoints) => http.GetStringAsync(new Uri(endpoints.MetricsAddress!, "/metrics"));
}
