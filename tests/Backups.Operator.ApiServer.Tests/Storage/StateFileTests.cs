using System.Net;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Storage;

/// <summary>The server's objects survive a restart through its state file, and resourceVersions never go back.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("api-state-").FullName;

    private string StatePath => Path.Combine(_directory, "state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Objects_and_resourceVersions_survive_a_restart_and_old_or_unknown_versions_get_410()
    {
        string savedVersion;
        long savedRevision;
        await using (var first = await StartAsync(o => o.StateFile = StatePath))
        {
            using var client = first.Client();
            await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
            var patched = await client.MergePatchAsync(PoliciesPlural, "shop", new { metadata = new { labels = new { tier = "gold" } } });
            savedVersion = patched["metadata"]!["resourceVersion"]!.GetValue<string>();
            savedRevision = first.ResourceVersion;
        }

        await using var second = await StartAsync(o => o.StateFile = StatePath);
        using var again = second.Client();
        var restored = await again.GetAsync(PoliciesPlural, "shop");
        restored["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(savedVersion);
        restored["metadata"]!["labels"]!["tier"]!.GetValue<string>().Should().Be("gold");

        var next = await again.CreateAsync(PoliciesPlural, CustomObjects.Policy("other", dropletId: 42));
        long.Parse(next["metadata"]!["resourceVersion"]!.GetValue<string>()).Should().BeGreaterThan(savedRevision, "resourceVersions are never reused");

        (await WatchStatusAsync(second, "1")).Should().Be("Expired", "the history before the restart is gone");
        (await WatchStatusAsync(second, (second.ResourceVersion + 1000).ToString())).Should().Be("Expired", "a resourceVersion this server never issued");
        (await WatchStatusAsync(second, second.ResourceVersion.ToString())).Should().BeNull("a current resourceVersion watches normally");
    }

    [Fact]
    public async Task A_state_file_can_hold_an_object_the_API_would_refuse_for_tests_of_poison_objects()
    {
        await using (var first = await StartAsync(o => o.StateFile = StatePath))
        {
            using var client = first.Client();
            await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        }

        await File.WriteAllTextAsync(StatePath, (await File.ReadAllTextAsync(StatePath)).Replace("\"dropletId\":3164444", "\"dropletId\":9223372036854775808", StringComparison.Ordinal));

        await using var second = await StartAsync(o => o.StateFile = StatePath);
        var raw = await new HttpClient().GetStringAsync($"{second.BaseUrl}/apis/{Group}/{CrVersion}/namespaces/default/{PoliciesPlural}/shop");
        raw.Should().Contain("\"dropletId\":9223372036854775808");
    }

    /// <summary>The reason of the first watch line when it is an ERROR Status, or null when the watch starts normally.</summary>
    private static async Task<string?> WatchStatusAsync(Backups.Operator.ApiServer.Hosting.LocalApiServer server, string resourceVersion)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(
            $"{server.BaseUrl}/apis/{Group}/{CrVersion}/namespaces/default/{PoliciesPlural}?watch=true&resourceVersion={resourceVersion}&timeoutSeconds=1",
            HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            return "Expired";
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync();
        if (line is null)
        {
            return null;
        }

        var parsed = JsonNode.Parse(line)!;
        return parsed["type"]?.GetValue<string>() == "ERROR" ? parsed["object"]?["reason"]?.GetValue<string>() : null;
    }
}
