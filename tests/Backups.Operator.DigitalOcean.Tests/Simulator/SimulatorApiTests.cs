using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.State;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

/// <summary>The simulator's wire behaviour as plain HTTP sees it: shapes, codes, headers, pagination, admin API.</summary>
public sealed class SimulatorApiTests : IAsyncLifetime
{
    private const string Token = "dop_v1_api_tests_alpha";
    private const string OtherToken = "dop_v1_api_tests_bravo";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    private SimulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorOptions { RateLimitPerMinute = 5, RateLimitPerHour = 8, MinActionSeconds = 10 }, _time, CancellationToken.None);
        _host.State.AddAccount(Token);
        _host.State.AddAccount(OtherToken);
        _host.State.AddDroplet(Token, new DropletSpec { Id = 77, Name = "web", UsedGigabytes = 1 });
        _http = new HttpClient { BaseAddress = _host.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = Token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new InvalidOperationException($"no {name} header");

    [Fact]
    public async Task Every_response_carries_the_ratelimit_headers()
    {
        using var ok = await SendAsync(HttpMethod.Get, "v2/account");
        using var notFound = await SendAsync(HttpMethod.Get, "v2/droplets/5");
        using var unknownPath = await SendAsync(HttpMethod.Get, "v2/volumes");
        using var unauthorized = await SendAsync(HttpMethod.Get, "v2/account", "dop_v1_nobody");
        using var noToken = await SendAsync(HttpMethod.Get, "v2/account", null);

        foreach (var response in new[] { ok, notFound, unknownPath, unauthorized, noToken })
        {
            Header(response, "ratelimit-limit").Should().Be("8");
            int.Parse(Header(response, "ratelimit-remaining"), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(0, 8);
            long.Parse(Header(response, "ratelimit-reset"), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(_time.GetUtcNow().ToUnixTimeSeconds());
        }

        Header(notFound, "ratelimit-remaining").Should().Be("6");
        Header(ok, "ratelimit-reset").Should().Be((_time.GetUtcNow() + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        unknownPath.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unauthorized.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        noToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_burst_over_the_minute_gets_429_with_retry_after_and_the_hour_without()
    {
        for (var i = 0; i < 5; i++)
        {
            using var ok = await SendAsync(HttpMethod.Get, "v2/account");
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        using var burst = await SendAsync(HttpMethod.Get, "v2/account");
        burst.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        Header(burst, "retry-after").Should().Be("55");
        Header(burst, "ratelimit-remaining").Should().Be("0");
        (await JsonAsync(burst)).GetProperty("id").GetString().Should().Be("too_many_requests");
        using var otherToken = await SendAsync(HttpMethod.Get, "v2/account", OtherToken);
        otherToken.StatusCode.Should().Be(HttpStatusCode.OK, "limits are per token");

        _time.Advance(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 3; i++)
        {
            using var ok = await SendAsync(HttpMethod.Get, "v2/account");
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var hourly = await SendAsync(HttpMethod.Get, "v2/account");
        hourly.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        hourly.Headers.Contains("retry-after").Should().BeFalse("retry-after appears only on burst-limit 429s");
        Header(hourly, "ratelimit-reset").Should().Be(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Snapshot_ids_are_integers_under_the_droplet_and_strings_under_snapshots()
    {
        using var post = await SendAsync(HttpMethod.Post, "v2/droplets/77/actions", body: """{"type":"snapshot","name":"web-1"}""");
        post.StatusCode.Should().Be(HttpStatusCode.Created);
        var action = (await JsonAsync(post)).GetProperty("action");
        action.GetProperty("completed_at").ValueKind.Should().Be(JsonValueKind.Null);
        action.GetProperty("region").GetProperty("slug").GetString().Should().Be("nyc3");
        _time.Advance(TimeSpan.FromSeconds(60));

        using var underDroplet = await SendAsync(HttpMethod.Get, "v2/droplets/77/snapshots");
        using var all = await SendAsync(HttpMethod.Get, "v2/snapshots?resource_type=droplet");
        var a = (await JsonAsync(underDroplet)).GetProperty("snapshots")[0];
        var b = (await JsonAsync(all)).GetProperty("snapshots")[0];

        a.GetProperty("id").ValueKind.Should().Be(JsonValueKind.Number);
        a.GetProperty("type").GetString().Should().Be("snapshot");
        b.GetProperty("id").ValueKind.Should().Be(JsonValueKind.String);
        b.GetProperty("resource_id").GetString().Should().Be("77");
        b.GetProperty("id").GetString().Should().Be(a.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.GetProperty("created_at").GetString().Should().Be(action.GetProperty("started_at").GetString());

        using var delete = await SendAsync(HttpMethod.Delete, $"v2/snapshots/{b.GetProperty("id").GetString()}");
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await delete.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        using var again = await SendAsync(HttpMethod.Delete, $"v2/snapshots/{b.GetProperty("id").GetString()}");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await JsonAsync(again)).GetProperty("message").GetString().Should().Be("The resource you requested could not be found.");
    }

    [Fact]
    public async Task Bad_action_bodies_get_DigitalOceans_codes()
    {
        using var garbage = await SendAsync(HttpMethod.Post, "v2/droplets/77/actions", body: "{not json");
        using var noType = await SendAsync(HttpMethod.Post, "v2/droplets/77/actions", body: "{}");
        using var slug = await SendAsync(HttpMethod.Post, "v2/droplets/77/actions", body: """{"type":"rebuild","image":"ubuntu-24-04-x64"}""");
        using var power = await SendAsync(HttpMethod.Post, "v2/droplets/77/actions", body: """{"type":"power_off"}""");
        using var otherDroplet = await SendAsync(HttpMethod.Post, "v2/droplets/78/actions", body: """{"type":"snapshot"}""");

        garbage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(garbage)).GetProperty("id").GetString().Should().Be("bad_request");
        noType.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        slug.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        power.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        otherDroplet.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pagination_has_absolute_links_only_where_they_make_sense()
    {
        var options = new SimulatorOptions { MinActionSeconds = 1 };
        await using var host = await SimulatorHost.StartAsync(options, _time, CancellationToken.None);
        host.State.AddAccount(Token);
        host.State.AddDroplet(Token, new DropletSpec { Id = 1, Name = "d", UsedGigabytes = 0 });
        var account = host.State.Authenticate(Token)!;
        for (var i = 0; i < 5; i++)
        {
            host.State.StartSnapshot(account, 1, $"s{i}", willError: false);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var first = await http.GetFromJsonAsync<JsonElement>("v2/droplets/1/snapshots?per_page=2");
        var middle = await http.GetFromJsonAsync<JsonElement>("v2/droplets/1/snapshots?per_page=2&page=2");
        var last = await http.GetFromJsonAsync<JsonElement>("v2/droplets/1/snapshots?per_page=2&page=3");
        var huge = await http.GetFromJsonAsync<JsonElement>("v2/droplets/1/snapshots?per_page=1000");
        var defaults = await http.GetFromJsonAsync<JsonElement>("v2/snapshots?resource_type=droplet");

        var pages = first.GetProperty("links").GetProperty("pages");
        pages.TryGetProperty("prev", out _).Should().BeFalse();
        pages.TryGetProperty("first", out _).Should().BeFalse();
        pages.GetProperty("next").GetString().Should().Be(new Uri(host.BaseUrl, "v2/droplets/1/snapshots?page=2&per_page=2").AbsoluteUri);
        pages.GetProperty("last").GetString().Should().EndWith("page=3&per_page=2");
        first.GetProperty("meta").GetProperty("total").GetInt32().Should().Be(5);
        middle.GetProperty("links").GetProperty("pages").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("first", "prev", "next", "last");
        last.GetProperty("snapshots").GetArrayLength().Should().Be(1);
        last.GetProperty("links").GetProperty("pages").TryGetProperty("next", out _).Should().BeFalse();
        huge.GetProperty("snapshots").GetArrayLength().Should().Be(5);
        huge.GetProperty("links").EnumerateObject().Should().BeEmpty("one page: links is {}");
        defaults.GetProperty("snapshots").GetArrayLength().Should().Be(5);
    }

    [Fact]
    public async Task The_admin_api_adds_accounts_and_droplets_changes_data_and_counts_requests()
    {
        using var account = await _http.PostAsJsonAsync("_simulator/accounts", new { token = "dop_v1_admin_new", email = "new@example.com" });
        account.StatusCode.Should().Be(HttpStatusCode.Created);
        var uuid = (await JsonAsync(account)).GetProperty("uuid").GetString();
        using var droplet = await _http.PostAsJsonAsync("_simulator/droplets", new { token = "dop_v1_admin_new", id = 900, name = "new", diskGigabytes = 40, usedGigabytes = 2.5, dataVersion = "n1" });
        droplet.StatusCode.Should().Be(HttpStatusCode.Created);
        using var duplicate = await _http.PostAsJsonAsync("_simulator/droplets", new { token = "dop_v1_admin_new", id = 900, name = "again" });
        duplicate.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var version = await _http.PutAsJsonAsync("_simulator/droplets/900/data-version", new { dataVersion = "n2" });
        (await JsonAsync(version)).GetProperty("dataVersion").GetString().Should().Be("n2");
        using var generated = await _http.PutAsync("_simulator/droplets/900/data-version", JsonContent.Create(new { }));
        var newVersion = (await JsonAsync(generated)).GetProperty("dataVersion").GetString();
        newVersion.Should().StartWith("dv-");
        var read = await _http.GetFromJsonAsync<JsonElement>("_simulator/droplets/900");
        read.GetProperty("dataVersion").GetString().Should().Be(newVersion);
        read.GetProperty("usedGigabytes").GetDouble().Should().Be(2.5);

        using var fault = await _http.PostAsJsonAsync("_simulator/faults", new { operation = "get_droplet", kind = "http_error", statusCode = 503, count = 1 });
        fault.StatusCode.Should().Be(HttpStatusCode.Created);
        using var faulted = await SendAsync(HttpMethod.Get, "v2/droplets/900", "dop_v1_admin_new");
        using var healthy = await SendAsync(HttpMethod.Get, "v2/droplets/900", "dop_v1_admin_new");
        faulted.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        healthy.StatusCode.Should().Be(HttpStatusCode.OK);

        var requests = await _http.GetFromJsonAsync<JsonElement>("_simulator/requests");
        requests.GetProperty("byOperation").GetProperty("get_droplet").GetProperty("total").GetInt32().Should().Be(2);
        requests.GetProperty("byOperation").GetProperty("get_droplet").GetProperty("byStatus").GetProperty("503").GetInt32().Should().Be(1);
        requests.GetProperty("recent").GetArrayLength().Should().Be(2);
        (await _http.GetFromJsonAsync<JsonElement>($"_simulator/accounts/{uuid}/snapshots")).GetArrayLength().Should().Be(0);
        (await _http.GetFromJsonAsync<JsonElement>("_simulator/accounts")).EnumerateArray()
            .Select(a => a.GetProperty("email").GetString()).Should().Contain("new@example.com");
        (await _http.GetStringAsync("_simulator/accounts")).Should().NotContain("dop_v1_", "the admin API never shows tokens");

        using var reset = await _http.DeleteAsync("_simulator/requests");
        _host.State.Requests.Total.Should().Be(0);
        using var bad = await _http.PostAsJsonAsync("_simulator/faults", new { operation = "get_droplet", kind = "http_error", statusCode = 404 });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var missing = await _http.GetAsync("_simulator/droplets/12345");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dropped_connections_and_slow_responses_are_real()
    {
        _host.State.Faults.Add(new Backups.Operator.Simulator.Faults.FaultRule { Operation = "get_account", Kind = Backups.Operator.Simulator.Faults.FaultKind.DropConnection, Count = 1 });
        _host.State.Faults.Add(new Backups.Operator.Simulator.Faults.FaultRule { Operation = "get_droplet", Kind = Backups.Operator.Simulator.Faults.FaultKind.Slow, DelaySeconds = 30, Count = 1 });

        var dropped = () => SendAsync(HttpMethod.Get, "v2/account");
        await dropped.Should().ThrowAsync<HttpRequestException>();

        var slow = SendAsync(HttpMethod.Get, "v2/droplets/77");
        await TestSupport.Eventually.TrueAsync(() => _host.State.Requests.Delayed == 1, "the slow request is held by its delay");
        slow.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromSeconds(30));
        using var response = await slow;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _host.State.Requests.Counts()["get_account"].ByStatus.Should().ContainKey(0, "a dropped connection is logged with status 0");
    }
}
