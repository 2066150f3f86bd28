using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backups.Operator.Chaos.Stack;

/// <summary>
/// What the chaos runs do as a user of the cluster, over plain HTTP to the local API server (no kubectl process per call:
/// the machine is small). Writes are retried while the API server injects 409 Conflict or 500 faults, as kubectl users
/// would retry; AlreadyExists and NotFound count as done.
/// </summary>
public sealed class ClusterClient(Uri baseUrl, HttpClient http)
{
    public const string Group = "backup.platform.dev/v1alpha1";

    public Task CreateNamespaceAsync(string name, CancellationToken cancellationToken) =>
        CreateAsync("api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } },
            cancellationToken);

    public Task CreateSecretAsync(string ns, string name, string key, string value, CancellationToken cancellationToken) =>
        CreateAsync($"api/v1/namespaces/{ns}/secrets", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["stringData"] = new JsonObject { [key] = value },
        }, cancellationToken);

    /// <summary>Creates a custom resource of <see cref="Group"/> (<paramref name="plural"/>: backuppolicies, backups, backuprestores).</summary>
    public Task CreateAsync(string plural, string kind, string ns, string name, JsonObject spec, CancellationToken cancellationToken) =>
        CreateAsync(CustomPath(ns, plural), new JsonObject
        {
            ["apiVersion"] = Group,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        }, cancellationToken);

    public async Task<IReadOnlyList<JsonElement>> ListAsync(string plural, string ns, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetryAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, CustomPath(ns, plural))), cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public async Task DeleteAsync(string plural, string ns, string name, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetryAsync(() => new HttpRequestMessage(HttpMethod.Delete, new Uri(baseUrl, $"{CustomPath(ns, plural)}/{name}")),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>A JSON merge patch of a custom resource (e.g. <c>{"spec":{"suspend":true}}</c>).</summary>
    public async Task MergePatchAsync(string plural, string ns, string name, JsonObject patch, CancellationToken cancellationToken)
    {
        var body = patch.ToJsonString();
        using var response = await SendWithRetryAsync(() => new HttpRequestMessage(HttpMethod.Patch, new Uri(baseUrl, $"{CustomPath(ns, plural)}/{name}"))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json")),
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private static string CustomPath(string ns, string plural) => $"apis/{Group}/namespaces/{ns}/{plural}";

    private async Task CreateAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        var text = body.ToJsonString();
        using var response = await SendWithRetryAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path))
        {
            Content = new StringContent(text, Encoding.UTF8, "application/json"),
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Sends, retrying connection failures (an API server restart), 500 and an injected 409 Conflict (not AlreadyExists).</summary>
    private async Task<HttpResponseMessage> SendWithRetryAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < 40)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt < 40 && (response.StatusCode == HttpStatusCode.InternalServerError
                                 || (response.StatusCode == HttpStatusCode.Conflict && !await IsAlreadyExistsAsync(response, cancellationToken).ConfigureAwait(false))))
            {
                response.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    private static async Task<bool> IsAlreadyExistsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Contains("\"AlreadyExists\"", StringComparison.Ordinal);
    }
}
