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

    [Fact]
    public async Task A_backup_waiting_for_its_tokens_budget_past_the_creation_timeout_is_still_posted()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, options =>
        {
            // 1 request a minute: the last of the Backups' 16 requests comes well after the 10-minute creation timeout.
            options.Configuration["DigitalOcean:RequestsPerMinute"] = "1";
            options.Configuration["DigitalOcean:RequestsPerHour"] = "5000";
            options.Configuration["Backups:SlowAfter"] = "00:05:00";
            options.Configuration["Backups:CreationTimeout"] = "00:10:00";
        });
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync("team");
        for (var d = 0; d < Droplets; d++)
        {
            var droplet = harness.AddDroplet(usedGigabytes: 1, name: $"d{d}");
            await BackupScenario.CreateQuietPolicyAsync(harness, ns, $"p{d}", dropletId: droplet.Id);
        }

        await harness.AdvanceAsync(TimeSpan.FromMinutes(3 * Droplets), TimeSpan.FromSeconds(5));
        var before = harness.SimulatorState.Requests.Entries().Count;
        var createdAt = harness.Time.GetUtcNow();
        for (var d = 0; d < Droplets; d++)
        {
            await harness.CreateBackupAsync(ns, $"b{d}", $"p{d}");
        }

        await harness.AdvanceUntilAsync(
            async ct => Posts(harness, before).Count >= Droplets
                || (await harness.Backups.ListAsync(ns, null, ct)).Items.Any(b => b.Status?.Phase == Api.BackupPhase.Error && b.Status.SnapshotName is null),
            TimeSpan.FromSeconds(5), TimeSpan.FromHours(3), timeout: TimeSpan.FromMinutes(4), because: "every Backup's snapshot POST or an Error before one");

        var backups = (await harness.Backups.ListAsync(ns, null, CancellationToken.None)).Items;
        // (A requested snapshot whose polls the 1-a-minute budget delays may still time out: that is the timeout's job.)
        backups.Should().NotContain(b => b.Status != null && b.Status.Phase == Api.BackupPhase.Error && b.Status.SnapshotName == null,
            "waiting for the token's budget to request the snapshot is not a timeout");
        Posts(harness, before).Should().HaveCount(Droplets);
        Posts(harness, before).Max(p => p.Time).Should().BeAfter(createdAt.AddMinutes(10), "the last POST came after the creation timeout");
    }

    private static List<Simulator.Requests.RequestLogEntry> Posts(OperatorHarness harness, int from) =>
        harness.SimulatorState.Requests.Entries().Skip(from).Where(e => e.Operation == "snapshot_droplet" && e.StatusCode == 201).ToList();
}
