using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.State;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

/// <summary>The simulator's ledger (<c>GET /_simulator/ledger</c>): every snapshot POST (accepted or refused), rebuild POST and
/// snapshot DELETE with names and ids — what the chaos campaign checks its invariants against.</summary>
public sealed class SimulatorLedgerTests : IAsyncLifetime
{
    private const string Token = "dop_v1_ledger_tests";
    private const long Droplet = 77;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    private SimulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorOptions { MinActionSeconds = 10, SecondsPerGigabyte = 1 }, _time, CancellationToken.None);
        _host.State.AddAccount(Token);
        _host.State.AddDroplet(Token, new DropletSpec { Id = Droplet, Name = "web", UsedGigabytes = 1 });
        _http = new HttpClient { BaseAddress = _host.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Records_snapshot_posts_refusals_rebuilds_and_deletes_in_order()
    {
        var first = await PostAsync($$"""{"type":"snapshot","name":"ns-a-1234"}""");
        first.Should().Be(HttpStatusCode.Created);
        (await PostAsync($$"""{"type":"snapshot","name":"ns-b-1234"}""")).Should().Be((HttpStatusCode)422, "the first snapshot is still running");
        _time.Advance(TimeSpan.FromSeconds(11));
        var snapshotId = _host.State.ListSnapshotsOfToken(Token).Single().Id;
        (await PostAsync($$"""{"type":"rebuild","image":{{snapshotId}}}""")).Should().Be(HttpStatusCode.Created);
        _time.Advance(TimeSpan.FromSeconds(11));
        using (var delete = Authorized(HttpMethod.Delete, $"v2/snapshots/{snapshotId}"))
        {
            (await _http.SendAsync(delete)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using var ledger = JsonDocument.Parse(await _http.GetStringAsync(new Uri("_simulator/ledger", UriKind.Relative)));
        var entries = ledger.RootElement.EnumerateArray()
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Name: e.GetProperty("snapshotName").GetString(),
                Status: e.GetProperty("statusCode").GetInt32(), Accepted: e.GetProperty("actionId").ValueKind == JsonValueKind.Number,
                Image: e.GetProperty("snapshotId").ValueKind == JsonValueKind.Number ? e.GetProperty("snapshotId").GetInt64() : (long?)null))
            .ToList();
        entries.Should().Equal(
            ("snapshot_post", "ns-a-1234", 201, true, null),
            ("snapshot_post", "ns-b-1234", 422, false, null),
            ("rebuild_post", "ns-a-1234", 201, true, snapshotId),
            ("snapshot_delete", "ns-a-1234", 204, false, snapshotId));
    }

    private async Task<HttpStatusCode> PostAsync(string body)
    {
        using var request = Authorized(HttpMethod.Post, $"v2/droplets/{Droplet}/actions");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }
}
