using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.State;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

/// <summary>The simulator's admin controls for what DigitalOcean does not promise: the order and the delay of a droplet's
/// action list, and droplets locked by DigitalOcean itself.</summary>
public sealed class SimulatorActionListingTests : IAsyncLifetime
{
    private const string Token = "dop_v1_listing_tests";
    private const long Droplet = 88;
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

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? body = null, bool admin = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (!admin)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<long> SnapshotAsync(string name)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"v2/droplets/{Droplet}/actions", $$"""{"type":"snapshot","name":"{{name}}"}""");
        status.Should().Be(HttpStatusCode.Created);
        var id = body.GetProperty("action").GetProperty("id").GetInt64();
        _time.Advance(TimeSpan.FromSeconds(11));
        return id;
    }

    private async Task<List<long>> ListedActionIdsAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"v2/droplets/{Droplet}/actions?per_page=200");
        status.Should().Be(HttpStatusCode.OK);
        return body.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();
    }

    [Fact]
    public async Task The_action_list_comes_newest_first_or_oldest_first_as_set()
    {
        var first = await SnapshotAsync("a");
        var second = await SnapshotAsync("b");

        (await ListedActionIdsAsync()).Should().Equal(second, first);

        (await SendAsync(HttpMethod.Put, "_simulator/action-listing", """{"order":"oldest-first"}""", admin: true)).Status.Should().Be(HttpStatusCode.OK);
        (await ListedActionIdsAsync()).Should().Equal(first, second);

        (await SendAsync(HttpMethod.Put, "_simulator/action-listing", """{"order":"sideways"}""", admin: true)).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_delayed_action_is_missing_from_the_list_until_the_delay_passed_but_can_be_read_by_id()
    {
        (await SendAsync(HttpMethod.Put, "_simulator/action-listing", """{"delaySeconds":60}""", admin: true)).Status.Should().Be(HttpStatusCode.OK);
        var (status, body) = await SendAsync(HttpMethod.Post, $"v2/droplets/{Droplet}/actions", """{"type":"snapshot","name":"late"}""");
        status.Should().Be(HttpStatusCode.Created);
        var id = body.GetProperty("action").GetProperty("id").GetInt64();

        (await ListedActionIdsAsync()).Should().BeEmpty();
        (await SendAsync(HttpMethod.Get, $"v2/actions/{id}")).Status.Should().Be(HttpStatusCode.OK);

        _time.Advance(TimeSpan.FromSeconds(59));
        (await ListedActionIdsAsync()).Should().BeEmpty();
        _time.Advance(TimeSpan.FromSeconds(1));
        (await ListedActionIdsAsync()).Should().Equal(id);
    }

    [Fact]
    public async Task A_droplet_locked_from_the_admin_API_reports_locked_and_refuses_actions_until_unlocked()
    {
        (await SendAsync(HttpMethod.Put, $"_simulator/droplets/{Droplet}/lock", """{"locked":true}""", admin: true)).Status.Should().Be(HttpStatusCode.OK);

        var (_, droplet) = await SendAsync(HttpMethod.Get, $"v2/droplets/{Droplet}");
        droplet.GetProperty("droplet").GetProperty("locked").GetBoolean().Should().BeTrue();
        (await SendAsync(HttpMethod.Post, $"v2/droplets/{Droplet}/actions", """{"type":"snapshot","name":"x"}""")).Status.Should().Be(HttpStatusCode.UnprocessableEntity);

        (await SendAsync(HttpMethod.Put, $"_simulator/droplets/{Droplet}/lock", """{"locked":false}""", admin: true)).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, $"v2/droplets/{Droplet}")).Body.GetProperty("droplet").GetProperty("locked").GetBoolean().Should().BeFalse();
        (await SendAsync(HttpMethod.Post, $"v2/droplets/{Droplet}/actions", """{"type":"snapshot","name":"x"}""")).Status.Should().Be(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Put, "_simulator/droplets/999/lock", """{"locked":true}""", admin: true)).Status.Should().Be(HttpStatusCode.NotFound);
    }
}
