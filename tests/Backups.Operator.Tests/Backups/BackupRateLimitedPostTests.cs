using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>
/// A snapshot POST refused by the token's rate limiter is retried at its booked slot without reading the droplet again
/// (docs/digitalocean-api.md, "Rate limits"). Before, each retry spent its booked slot on the droplet GET and the POST
/// was refused again, so under a saturated budget hundreds of due Backups were never POSTed (make bench, figure (c)).
/// </summary>
public sealed class BackupRateLimitedPostTests(ITestOutputHelper output)
{
    // An odd per-minute budget: of the first minute's slots, at least one goes to a droplet GET whose POST is refused.
    private const int RequestsPerMinute = 3;
    private const int Droplets = 8;

    [Fact]
    public async Task A_post_refused_by_the_rate_limiter_is_retried_without_reading_the_droplet_again()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, options =>
        {
            options.Configuration["DigitalOcean:RequestsPerMinute"] = RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
            options.Configuration["DigitalOcean:RequestsPerHour"] = "5000";
        });
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync("team");
        for (var d = 0; d < Droplets; d++)
        {
            var droplet = harness.AddDroplet(usedGigabytes: 1, name: $"d{d}");
            await BackupScenario.CreateQuietPolicyAsync(harness, ns, $"p{d}", dropletId: droplet.Id);
        }

        // The policies' own checks are done and out of the minute window before the Backups exist.
        await harness.AdvanceAsync(TimeSpan.FromMinutes(Droplets), TimeSpan.FromSeconds(5));
        var before = harness.SimulatorState.Requests.Entries().Count;
        var createdAt = harness.Time.GetUtcNow();
        for (var d = 0; d < Droplets; d++)
        {
            await harness.CreateBackupAsync(ns, $"b{d}", $"p{d}");
        }

        await harness.AdvanceUntilAsync(
            _ => Task.FromResult(Posts(harness, before).Count >= Droplets),
            TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), timeout: TimeSpan.FromMinutes(2), because: "every Backup's snapshot POST");

        var posts = Posts(harness, before);
        posts.Max(p => p.Time).Should().BeAfter(createdAt.AddMinutes(1), "the budget of 3 a minute deferred most POSTs");
        var beforeLastPost = harness.SimulatorState.Requests.Entries().Skip(before).Where(e => e.Time <= posts.Max(p => p.Time)).ToList();
        beforeLastPost.Count(e => e.Operation == "get_droplet").Should().Be(Droplets,
            "each Backup reads its droplet once; a retried POST uses the read it made before the refusal");
        beforeLastPost.Should().NotContain(e => e.StatusCode == 429);
    }

    private static List<Simulator.Requests.RequestLogEntry> Posts(OperatorHarness harness, int from) =>
        harness.SimulatorState.Requests.Entries().Skip(from).Where(e => e.Operation == "snapshot_droplet" && e.StatusCode == 201).ToList();
}
