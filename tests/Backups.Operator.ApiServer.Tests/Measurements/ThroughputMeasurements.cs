using System.Diagnostics;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using Xunit.Abstractions;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Measurements;

/// <summary>
/// Prints how fast the server takes the operator runtime's load (1,000 concurrent creates, a 10,000-object
/// paged list and a 10,000-event initial watch). Figures are printed, never asserted; the assertions are counts.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class ThroughputMeasurements(ITestOutputHelper output)
{
    [Fact]
    public async Task Creates_lists_and_watches_ten_thousand_objects()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        const int total = 10_000;
        const int burst = 1_000;

        var burstTime = await CreateAsync(client, 0, burst, parallelism: 32);
        var restTime = await CreateAsync(client, burst, total - burst, parallelism: 32);

        var listing = Stopwatch.StartNew();
        var listed = 0;
        string? token = null;
        do
        {
            var page = CustomObjects.ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural, limit: 500, continueParameter: token));
            listed += page["items"]!.AsArray().Count;
            token = page["metadata"]!["continue"]?.GetValue<string>();
        }
        while (token is not null);
        listing.Stop();

        var watching = Stopwatch.StartNew();
        await using var watch = WatchRecorder.Backups(client, resourceVersion: null);
        await watch.WaitForAsync(total, "every object as an initial ADDED event");
        watching.Stop();

        output.WriteLine($"{burst} concurrent creates (32 in flight): {burstTime.TotalMilliseconds:F0} ms = {burst / burstTime.TotalSeconds:F0} creates/s");
        output.WriteLine($"{total - burst} more creates: {restTime.TotalMilliseconds:F0} ms = {(total - burst) / restTime.TotalSeconds:F0} creates/s");
        output.WriteLine($"paged list of {listed} objects (limit 500): {listing.ElapsedMilliseconds} ms");
        output.WriteLine($"watch delivering {watch.Events.Count} initial ADDED events: {watching.ElapsedMilliseconds} ms");
        listed.Should().Be(total);
        watch.Events.Count.Should().Be(total);
    }

    private static async Task<TimeSpan> CreateAsync(IKubernetes client, int first, int count, int parallelism)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var body = CustomObjects.Backup($"b{i:D5}");
            body["metadata"]!["labels"] = new JsonObject { ["batch"] = (i % 10).ToString() };
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, CrVersion, "default", BackupsPlural, cancellationToken: ct);
        });
        return stopwatch.Elapsed;
    }
}
