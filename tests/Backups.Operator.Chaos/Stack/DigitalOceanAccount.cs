using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Backups.Operator.Chaos.Stack;

/// <summary>
/// The simulated team-a account as the chaos runs use it: droplets added through the admin API, and snapshots made by
/// someone other than the operator (with the account's own token, as a person using doctl would) that must never be touched.
/// </summary>
public sealed class DigitalOceanAccount(Uri simulatorUrl, HttpClient http, string token)
{
    /// <summary>The seeded demo token of team-a (examples/simulator/seed.json).</summary>
    public const string TeamAToken = "dop_v1_simulator_team_a_0000000000000000000000000000000000000000000000000000000000a";

    public string Token { get; } = token;

    /// <summary>Adds a 1 GB droplet (its snapshots and rebuilds take about a second) and returns its id.</summary>
    public async Task<long> AddDropletAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(simulatorUrl, "_simulator/droplets"),
            new { token = Token, name, diskGigabytes = 1, usedGigabytes = 0.5 }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>POSTs a snapshot of <paramref name="dropletId"/> named <paramref name="name"/> with the account's token; returns the action id.</summary>
    public async Task<long> SnapshotAsync(long dropletId, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulatorUrl, $"v2/droplets/{dropletId}/actions"))
        {
            Content = JsonContent.Create(new { type = "snapshot", name }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.GetProperty("action").GetProperty("id").GetInt64();
    }
}
