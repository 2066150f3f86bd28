using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies.Orphans;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Policies;

/// <summary>The orphan sweep of the policy controller (docs/design.md, "Orphan sweep"), on the fake clock with the simulator.</summary>
public sealed class OrphanSweepTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task An_orphan_with_our_naming_is_reported_then_deleted_after_the_grace_period_and_nothing_else_is_touched()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        var other = h.Droplets[1].Id;
        var orphan = await TakeSnapshotAsync(h, h.DropletId, $"{ns}-lost-backup-1a2b3c4d");
        var foreign = await TakeSnapshotAsync(h, h.DropletId, "before-upgrade");
        var otherDroplets = await TakeSnapshotAsync(h, other, $"{ns}-lost-backup-5e6f7a8b");
        var firstSeen = h.Time.GetUtcNow();
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        await h.CreateBackupAsync(ns, "kept", "shop");
        var backup = await h.AdvanceUntilBackupAsync(ns, "kept", b => b.Status?.Phase == BackupPhase.Available);

        var reported = await h.WaitForAsync(t => FindEventAsync(h, ns, OrphanSweep.OrphanSnapshotsReason, t), _ => true, because: "the OrphanSnapshots Event on the policy");
        reported.Type.Should().Be("Warning");
        reported.Message.Should().Contain(orphan).And.NotContain(foreign).And.NotContain(otherDroplets).And.NotContain(backup.Status.SnapshotId!);
        PrometheusText.Value(await h.ScrapeMetricsAsync(), "backup_orphan_snapshots", ("namespace", ns), ("policy", "shop")).Should().Be(1);

        await h.AdvanceUntilAsync(_ => Task.FromResult(h.AllSnapshots().All(s => s.Id.ToString(CultureInfo.InvariantCulture) != orphan)),
            Step, TimeSpan.FromHours(40), because: "the orphan to be deleted");

        // Deleted at the first periodic check (every 6 h) after 24 h of grace: never before, and not much after.
        (h.Time.GetUtcNow() - firstSeen).Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(24)).And.BeLessThan(TimeSpan.FromHours(31));
        h.AllSnapshots().Select(s => s.Id.ToString(CultureInfo.InvariantCulture)).Should().BeEquivalentTo([foreign, otherDroplets, backup.Status.SnapshotId]);
        h.RequestCount("delete_snapshot").Should().Be(1);
        await h.WaitForAsync(t => FindEventAsync(h, ns, OrphanSweep.OrphanSnapshotDeletedReason, t), e => e.Message.Contains(orphan, StringComparison.Ordinal),
            because: "the OrphanSnapshotDeleted Event");
        var metrics = await h.ScrapeMetricsAsync();
        PrometheusText.Value(metrics, "backup_orphan_snapshots_deleted_total").Should().Be(1);
    }

    [Fact]
    public async Task A_Retain_policy_only_reports_and_a_snapshot_retained_by_its_Backup_is_never_an_orphan()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        var retainOrphan = await TakeSnapshotAsync(h, h.Droplets[1].Id, $"{ns}-lost-backup-1a2b3c4d");
        await h.CreatePolicyAsync(ns, "blog", h.Droplets[1].Id, configure: s => { s.Suspend = true; s.DeletionPolicy = DeletionPolicy.Retain; });
        await h.CreatePolicyAsync(ns, "shop", configure: s => s.Suspend = true);
        await h.CreateBackupAsync(ns, "keep-me", "shop", configure: b => b.Spec.DeletionPolicy = DeletionPolicy.Retain);
        var kept = await h.AdvanceUntilBackupAsync(ns, "keep-me", b => b.Status?.Phase == BackupPhase.Available);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Backups.DeleteAsync(ns, "keep-me", null, CancellationToken.None);
        await h.AdvanceUntilAsync(async t => await h.Backups.GetAsync(ns, "keep-me", t) is null, TimeSpan.FromSeconds(15), TimeSpan.FromHours(1), because: "the Backup to go");
        var shop = await h.Policies.GetAsync(ns, "shop", CancellationToken.None);
        shop!.Metadata.Annotations.Should().Contain(ApiConstants.RetainedSnapshotAnnotationPrefix + kept.Metadata.Uid, kept.Status.SnapshotId);

        await h.AdvanceAsync(TimeSpan.FromHours(40), Step);

        h.AllSnapshots().Select(s => s.Id.ToString(CultureInfo.InvariantCulture)).Should().BeEquivalentTo([retainOrphan, kept.Status.SnapshotId]);
        h.RequestCount("delete_snapshot").Should().Be(0);
        var metrics = await h.ScrapeMetricsAsync();
        PrometheusText.Value(metrics, "backup_orphan_snapshots", ("namespace", ns), ("policy", "blog")).Should().Be(1, "reported though kept");
        PrometheusText.Value(metrics, "backup_orphan_snapshots", ("namespace", ns), ("policy", "shop")).Should().Be(0, "a retained snapshot is no orphan");
        (await FindEventAsync(h, ns, OrphanSweep.OrphanSnapshotsReason, CancellationToken.None))!.Message.Should().Contain(retainOrphan).And.Contain("Retain");
    }

    /// <summary>A snapshot made outside the operator (as someone with the token would), completed on the fake clock; returns its id.</summary>
    private static async Task<string> TakeSnapshotAsync(OperatorHarness h, long dropletId, string name)
    {
        using var http = new HttpClient { BaseAddress = h.Simulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/droplets/{dropletId}/actions") { Content = JsonContent.Create(new { type = "snapshot", name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", h.Token);
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        await h.AdvanceUntilAsync(_ => Task.FromResult(h.SnapshotsOfDroplet(dropletId).Any(s => s.Name == name)), TimeSpan.FromSeconds(10), TimeSpan.FromHours(1),
            because: $"snapshot {name} to be made");
        return h.SnapshotsOfDroplet(dropletId).Single(s => s.Name == name).Id.ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<Corev1Event?> FindEventAsync(OperatorHarness h, string ns, string reason, CancellationToken cancellationToken) =>
        (await h.Kubernetes.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: cancellationToken)).Items
        .Where(e => e.Reason == reason && e.InvolvedObject.Kind == "BackupPolicy")
        .OrderBy(e => e.LastTimestamp ?? e.EventTime)
        .LastOrDefault();
}
