using Backups.Operator.Api;
using Backups.Operator.Resources;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Tests.Harness;
using k8s;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>The Backup controller's creation state machine, end to end on the local API server and the simulator.</summary>
public sealed class BackupCreationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_manual_backup_becomes_Available_with_the_simulators_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        var policy = await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop", configure: s => s.ExpireAfterDays = 30);
        var requestsBefore = harness.TotalRequests;

        var created = await harness.CreateBackupAsync(ns, "before-v2", "shop");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "before-v2", b => BackupScenario.IsPhase(b, BackupPhase.Available));

        var snapshot = harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Subject;
        var status = backup.Status;
        status.SnapshotId.Should().Be(snapshot.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        status.SnapshotName.Should().Be(snapshot.Name).And.StartWith($"{ns}-before-v2-");
        status.ActionId.Should().Be(snapshot.ActionId);
        status.DropletId.Should().Be(harness.DropletId);
        status.SizeGigabytes.Should().Be(snapshot.SizeGigabytes);
        status.Region.Should().Be(snapshot.RegionSlug);
        status.DeletionPolicy.Should().Be(DeletionPolicy.Delete);
        status.StartedAt.Should().NotBeNull();
        status.CompletedAt.Should().BeOnOrAfter(status.StartedAt!.Value);
        status.ExpiresAt.Should().Be(new DateTimeOffset(DateTime.SpecifyKind(created.Metadata.CreationTimestamp!.Value, DateTimeKind.Utc)).AddDays(30));
        status.Conditions.Should().Contain(c => c.Type == ConditionTypes.Ready && c.Status == ConditionStatus.True && c.Reason == Reasons.Completed);

        backup.Metadata.Labels.Should().Contain(ApiConstants.PolicyLabel, "shop").And.Contain(ApiConstants.TypeLabel, "Manual");
        backup.Metadata.Finalizers.Should().Contain(ApiConstants.SnapshotCleanupFinalizer);
        backup.Metadata.OwnerReferences.Should().ContainSingle(r => r.Kind == "BackupPolicy" && r.Uid == policy.Metadata.Uid && r.Controller == true);
        harness.RequestCount("snapshot_droplet").Should().Be(1);

        // Only events at distinct instants of the fake clock: the runtime names events <object>.<time>, so a second event
        // about the same object at the same fake instant collides (reported to the runtime's owner).
        foreach (var reason in new[] { "Creating", "Available" })
        {
            await BackupScenario.WaitForEventAsync(harness, ns, "before-v2", reason);
        }

        var metrics = await harness.ScrapeMetricsAsync();
        metrics.Should().Contain("backup_created_total{result=\"success\"} 1");
        metrics.Should().Contain("digitalocean_api_requests_total{operation=\"snapshot_droplet\",code=\"201\"} 1");
        output.WriteLine($"DigitalOcean requests for one completed backup (5 GB, 30 s snapshot): {harness.TotalRequests - requestsBefore} " +
            $"({string.Join(", ", harness.SimulatorState.Requests.Counts().Select(c => $"{c.Key}={c.Value.Total}"))})");
    }

    [Fact]
    public async Task A_manual_backup_on_the_Basic_plan_goes_to_Error_PlanNotEligible()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "wiki", plan: Plan.Basic);

        await harness.CreateBackupAsync(ns, "wiki-now", "wiki");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "wiki-now", b => BackupScenario.IsPhase(b, BackupPhase.Error));

        backup.Status.Reason.Should().Be(Reasons.PlanNotEligible);
        backup.Status.Message.Should().Be(Reasons.PlanNotEligibleMessage);
        harness.RequestCount("snapshot_droplet").Should().Be(0);
        harness.AllSnapshots().Should().BeEmpty();
    }

    [Fact]
    public async Task The_21st_manual_backup_goes_to_Error_LimitReached()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");

        for (var i = 1; i <= 21; i++)
        {
            await harness.CreateBackupAsync(ns, $"manual-{i:00}", "shop");
        }

        var refused = await harness.AdvanceUntilBackupAsync(ns, "manual-21", b => BackupScenario.IsPhase(b, BackupPhase.Error));

        refused.Status.Reason.Should().Be(Reasons.LimitReached);
        refused.Status.Message.Should().Be(Reasons.LimitReachedMessage);
        var all = await harness.Backups.ListAsync(ns, null, CancellationToken.None);
        all.Items.Where(b => b.Status?.Reason == Reasons.LimitReached).Should().ContainSingle();
        (await harness.ScrapeMetricsAsync()).Should().Contain("backup_limit_reached_total{type=\"Manual\"} 1");
    }

    [Fact]
    public async Task A_backup_of_a_droplet_that_does_not_exist_goes_to_Error_DropletNotFound()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "ghost", dropletId: 99_999_999);

        await harness.CreateBackupAsync(ns, "ghost-now", "ghost");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "ghost-now", b => BackupScenario.IsPhase(b, BackupPhase.Error));

        backup.Status.Reason.Should().Be(Reasons.DropletNotFound);
        backup.Status.Message.Should().Contain("99999999");
        harness.RequestCount("snapshot_droplet").Should().Be(0);
    }

    [Fact]
    public async Task An_archived_droplet_goes_to_Error_DropletArchived()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var archived = harness.SimulatorState.AddDroplet(harness.Token, new Simulator.State.DropletSpec { Name = "old", Status = "archive" });
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "old", dropletId: archived.Id);

        await harness.CreateBackupAsync(ns, "old-now", "old");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "old-now", b => BackupScenario.IsPhase(b, BackupPhase.Error));

        backup.Status.Reason.Should().Be(Reasons.DropletArchived);
        harness.RequestCount("snapshot_droplet").Should().Be(0);
    }

    [Fact]
    public async Task The_platform_token_without_the_namespace_annotation_is_NotOwner_and_with_it_works()
    {
        var (harness, logs) = await BackupScenario.StartAsync(output, o => o.Configuration["DIGITALOCEAN_TOKEN"] = o.Token);
        await using var _h = harness;
        var plain = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, plain, "shop", configure: s => s.CredentialsSecretRef = null);
        var allowed = await harness.CreateNamespaceWithTokenAsync(annotations: new Dictionary<string, string>
        {
            [ApiConstants.AllowedDropletsAnnotation] = $"12, {harness.Droplets[1].Id}",
        });
        await BackupScenario.CreateQuietPolicyAsync(harness, allowed, "blog", dropletId: harness.Droplets[1].Id, configure: s => s.CredentialsSecretRef = null);

        await harness.CreateBackupAsync(plain, "shop-now", "shop");
        await harness.CreateBackupAsync(allowed, "blog-now", "blog");
        var refused = await harness.AdvanceUntilBackupAsync(plain, "shop-now", b => BackupScenario.IsPhase(b, BackupPhase.Error));
        var made = await harness.AdvanceUntilBackupAsync(allowed, "blog-now", b => BackupScenario.IsPhase(b, BackupPhase.Available));

        refused.Status.Reason.Should().Be(Reasons.NotOwner);
        refused.Status.Message.Should().Contain(ApiConstants.AllowedDropletsAnnotation);
        made.Status.SnapshotId.Should().NotBeNull();
        harness.SnapshotsOfDroplet(harness.DropletId).Should().BeEmpty();
        harness.SnapshotsOfDroplet(harness.Droplets[1].Id).Should().ContainSingle();
        await TokenSecrecy.AssertNowhereAsync(harness, logs, [plain, allowed]);
    }

    [Fact]
    public async Task A_422_storm_keeps_the_backup_Queued_then_makes_exactly_one_snapshot()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.PendingEvent, Count = 6 });

        await harness.CreateBackupAsync(ns, "stormy", "shop");
        var queued = await harness.WaitForBackupAsync(ns, "stormy", b => b.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Reason == Reasons.Queued && c.Message.Contains("pending event")) == true);
        queued.Status.Phase.Should().Be(BackupPhase.Creating);
        queued.Status.SnapshotName.Should().BeNull("a refused request withdraws its intent");

        var backup = await harness.AdvanceUntilBackupAsync(ns, "stormy", b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromSeconds(10));

        harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Which.Name.Should().Be(backup.Status.SnapshotName);
        var posts = harness.SimulatorState.Requests.Counts()["snapshot_droplet"];
        posts.ByStatus.GetValueOrDefault(422).Should().Be(6);
        posts.ByStatus.GetValueOrDefault(201).Should().Be(1);
        posts.Total.Should().Be(7);
        harness.TotalRequests.Should().BeLessThan(200, "waiting must back off, not hammer the API");
    }

    [Fact]
    public async Task An_errored_snapshot_action_goes_to_Error_with_DigitalOceans_outcome()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.ErroredAction, Count = 1 });

        await harness.CreateBackupAsync(ns, "doomed", "shop");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "doomed", b => BackupScenario.IsPhase(b, BackupPhase.Error));

        backup.Status.Reason.Should().Be(Reasons.ActionErrored);
        backup.Status.Message.Should().Contain($"action {backup.Status.ActionId}").And.Contain("'errored'");
        harness.AllSnapshots().Should().BeEmpty();
        (await harness.ScrapeMetricsAsync()).Should().Contain("backup_created_total{result=\"error\"} 1");
    }

    [Fact]
    public async Task A_dropped_connection_on_the_snapshot_POST_is_adopted_and_never_posted_twice()
    {
        var (harness, logs) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        harness.SimulatorState.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.DropConnection, AfterCommit = true, Count = 1 });

        await harness.CreateBackupAsync(ns, "lost-answer", "shop");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "lost-answer", b => BackupScenario.IsPhase(b, BackupPhase.Available));

        harness.RequestCount("snapshot_droplet").Should().Be(1);
        var snapshot = harness.SnapshotsOfDroplet(harness.DropletId).Should().ContainSingle().Subject;
        // Adopted by its deterministic snapshot name (an action alone is never evidence that it is this Backup's).
        backup.Status.SnapshotId.Should().Be(snapshot.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        backup.Status.SnapshotName.Should().Be(snapshot.Name);
        logs.Lines.Should().Contain(l => l.Contains("adopted action", StringComparison.Ordinal) && l.Contains("lost-answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_snapshot_is_Slow_then_Timeout_and_its_late_snapshot_is_adopted()
    {
        var (harness, _) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var big = harness.AddDroplet(usedGigabytes: 700, diskGigabytes: 1000); // 700 GB at 6 s/GB: 70 minutes
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "big", dropletId: big.Id);

        await harness.CreateBackupAsync(ns, "huge", "big");
        var slow = await harness.AdvanceUntilBackupAsync(ns, "huge",
            b => b.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Slow && c.Status == ConditionStatus.True) == true, step: TimeSpan.FromMinutes(1));
        slow.Status.Phase.Should().Be(BackupPhase.Creating);
        (harness.Time.GetUtcNow() - slow.Status.StartedAt!.Value).Should().BeLessThan(TimeSpan.FromMinutes(22));

        var timedOut = await harness.AdvanceUntilBackupAsync(ns, "huge", b => BackupScenario.IsPhase(b, BackupPhase.Error), step: TimeSpan.FromMinutes(1));
        timedOut.Status.Reason.Should().Be(Reasons.Timeout);
        timedOut.Status.ActionId.Should().NotBeNull("the action id is kept to adopt a late snapshot");

        var adopted = await harness.AdvanceUntilBackupAsync(ns, "huge", b => BackupScenario.IsPhase(b, BackupPhase.Available), step: TimeSpan.FromMinutes(1));
        adopted.Status.SnapshotId.Should().Be(harness.SnapshotsOfDroplet(big.Id).Should().ContainSingle().Subject.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        adopted.Status.Message.Should().Contain("after the timeout");
        (await BackupScenario.WaitForEventAsync(harness, ns, "huge", "Available")).Message.Should().Contain("after the timeout");
        await BackupScenario.WaitForEventAsync(harness, ns, "huge", "Slow", "Warning");
        await BackupScenario.WaitForEventAsync(harness, ns, "huge", Reasons.Timeout, "Warning");
        harness.RequestCount("snapshot_droplet").Should().Be(1);
    }

    [Fact]
    public async Task A_snapshot_deleted_behind_the_operators_back_turns_the_backup_to_Error_SnapshotMissing()
    {
        var (harness, _) = await BackupScenario.StartAsync(output, o => o.ConfigureBackups = b => b.SnapshotCheckInterval = TimeSpan.FromHours(1));
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync();
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");
        await harness.CreateBackupAsync(ns, "vanishing", "shop");
        var available = await harness.AdvanceUntilBackupAsync(ns, "vanishing", b => BackupScenario.IsPhase(b, BackupPhase.Available));

        await BackupScenario.DeleteSnapshotBehindOurBackAsync(harness, available.Status.SnapshotId!);
        var missing = await harness.AdvanceUntilBackupAsync(ns, "vanishing", b => BackupScenario.IsPhase(b, BackupPhase.Error), step: TimeSpan.FromMinutes(5), max: TimeSpan.FromHours(3));

        missing.Status.Reason.Should().Be(Reasons.SnapshotMissing);
        missing.Status.Message.Should().Contain(available.Status.SnapshotId!);
    }
}
