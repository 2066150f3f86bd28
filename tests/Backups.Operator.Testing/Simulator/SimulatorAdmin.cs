using System.Net.Http.Json;
using System.Text.Json;

namespace Backups.Operator.Testing.Simulator;

/// <summary>One request the simulator answered, from its request log (<c>/_simulator/requests</c>).</summary>
public sealed record SimulatorRequest(string Operation, int StatusCode, DateTimeOffset Time, JsonElement Raw);

/// <summary>The DigitalOcean simulator's admin API (<c>/_simulator/</c>), as tests use it: ground truth and faults.</summary>
public sealed class SimulatorAdmin(Uri baseAddress, HttpClient http)
{
    public Uri BaseAddress { get; } = baseAddress;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(BaseAddress, "_simulator/health"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The account uuid of the seeded account with <paramref name="email"/> (e.g. team-a@example.com).</summary>
    public async Task<string> AccountUuidAsync(string email, CancellationToken cancellationToken = default)
    {
        using var accounts = await GetJsonAsync("_simulator/accounts", cancellationToken).ConfigureAwait(false);
        return accounts.RootElement.EnumerateArray().Single(a => a.GetProperty("email").GetString() == email).GetProperty("uuid").GetString()!;
    }

    /// <summary>Revokes the token of the account with <paramref name="email"/> (every API request with it gets 401), or
    /// reinstates it.</summary>
    public async Task SetTokenRevokedAsync(string email, bool revoked, CancellationToken cancellationToken = default)
    {
        var uuid = await AccountUuidAsync(email, cancellationToken).ConfigureAwait(false);
        var uri = new Uri(BaseAddress, $"_simulator/accounts/{uuid}/revocation");
        using var response = revoked
            ? await http.PostAsync(uri, content: null, cancellationToken).ConfigureAwait(false)
            : await http.DeleteAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every snapshot the account holds now.</summary>
    public async Task<IReadOnlyList<JsonElement>> SnapshotsAsync(string email, CancellationToken cancellationToken = default)
    {
        var uuid = await AccountUuidAsync(email, cancellationToken).ConfigureAwait(false);
        using var snapshots = await GetJsonAsync($"_simulator/accounts/{uuid}/snapshots", cancellationToken).ConfigureAwait(false);
        return snapshots.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The droplet's current data version (what a restore brings back).</summary>
    public async Task<string> DataVersionAsync(long dropletId, CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync($"_simulator/droplets/{dropletId}", cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("dataVersion").GetString()!;
    }

    public async Task SetDataVersionAsync(long dropletId, string dataVersion, CancellationToken cancellationToken = default)
    {
        using var response = await http.PutAsJsonAsync(new Uri(BaseAddress, $"_simulator/droplets/{dropletId}/data-version"), new { dataVersion }, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Adds a fault rule (the JSON body of <c>POST /_simulator/faults</c>); returns the created rule.</summary>
    public async Task<JsonElement> AddFaultAsync(object rule, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri(BaseAddress, "_simulator/faults"), rule, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.Clone();
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(new Uri(BaseAddress, "_simulator/faults"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The most recent <paramref name="recent"/> requests the simulator answered, oldest first.</summary>
    public async Task<IReadOnlyList<SimulatorRequest>> RequestsAsync(int recent = 10000, CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync($"_simulator/requests?recent={recent}", cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("recent").EnumerateArray()
            .Select(e => new SimulatorRequest(e.GetProperty("operation").GetString()!, e.GetProperty("statusCode").GetInt32(),
                e.GetProperty("time").GetDateTimeOffset(), e.Clone()))
            .ToList();
    }

    public async Task<JsonDocument> GetJsonAsync(string relative, CancellationToken cancellationToken = default) =>
        JsonDocument.Parse(await http.GetStringAsync(new Uri(BaseAddress, relative), cancellationToken).ConfigureAwait(false));
}
