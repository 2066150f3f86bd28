using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Policies;

/// <summary>
/// The BackupPolicy controller in the whole in-process system (API server, simulator, operator on one fake clock):
/// ticks over simulated weeks, retention, catch-up and missed ticks, expiry, the cap, Basic, suspend, deletion and
/// the deployment owner reference.
/// </summary>
public sealed class BackupPolicyReconcilerTests(ITestOutputHelper output)
{
    /// <summary>Monday 5 January 2026, 00:00 UTC: the harness clock's start.</summary>
    private static readonly DateTimeOffset Monday = OperatorHarnessOptions.DefaultStart;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Daily_ticks_over_ten_days_make_one_backup_per_tick_at_exactly_the_tick_and_keep_the_newest_seven_of_Pro()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro);
        await h.CreateBackupAsync(ns, "shop-manual", "shop");
        await h.AdvanceUntilBackupAsync(ns, "shop-manual", IsAvailable, Step);

        for (var day = 0; day < 10; day++)
        {
            var tick = Monday.AddDays(day).AddHours(3);
            await AdvanceToAsync(h, tick - TimeSpan.FromSeconds(1));
            (await ExistsAsync(h, ns, AutomaticName("shop", tick))).Should().BeFalse("nothing is made before the tick");

            await AdvanceToAsync(h, tick);
            await h.WaitForBackupAsync(ns, AutomaticName("shop", tick), _ => true, because: "the policy requeued at exactly the tick");
            await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", tick), IsAvailable, Step);
        }

        var expected = Enumerable.Range(3, 7).Select(d => AutomaticName("shop", Monday.AddDays(d).AddHours(3))).ToList();
        await h.AdvanceUntilAsync(async t => (await LiveAutomaticAsync(h, ns, t)).SequenceEqual(expected), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5),
            because: "retention to keep the newest 7 automatic backups");
        (await ExistsAsync(h, ns, "shop-manual")).Should().BeTrue("manual backups never count toward retention");
        await h.AdvanceUntilAsync(_ => Task.FromResult(h.SnapshotsOfDroplet(h.DropletId).Count == 8), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5),
            because: "the rotated backups' snapshots to be deleted");

        var policy = await GetPolicyAsync(h, ns, "shop");
        policy.Status!.Counts!.Automatic.Should().Be(7);
        policy.Status.Counts.Manual.Should().Be(1);
        policy.Status.LastScheduleTime.Should().Be(Monday.AddDays(9).AddHours(3));
        policy.Status.NextBackupTime.Should().Be(Monday.AddDays(10).AddHours(3));
        policy.Status.Retention!.Automatic.Should().Be(7);
        policy.Status.LastSuccessfulBackup!.Name.Should().Be(AutomaticName("shop", Monday.AddDays(9).AddHours(3)));
        h.SimulatorState.ListActionsOfDroplet(h.DropletId).Count(a => a.Type == "snapshot").Should().Be(11, "one snapshot per tick plus the manual one, never two");
    }

    [Fact]
    public async Task Weekly_ticks_over_six_weeks_keep_the_newest_four_of_Advanced()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "blog", plan: Plan.Advanced);

        var sundays = Enumerable.Range(0, 6).Select(w => Monday.AddDays(6 + (7 * w)).AddHours(3)).ToList();
        foreach (var tick in sundays)
        {
            await AdvanceToAsync(h, tick);
            await h.AdvanceUntilBackupAsync(ns, AutomaticName("blog", tick), IsAvailable, Step);
        }

        var expected = sundays.Skip(2).Select(t => AutomaticName("blog", t)).ToList();
        await h.AdvanceUntilAsync(async t => (await LiveAutomaticAsync(h, ns, t)).SequenceEqual(expected), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5),
            because: "retention to keep the newest 4 weekly backups");
        await h.AdvanceUntilAsync(_ => Task.FromResult(h.SnapshotsOfDroplet(h.DropletId).Count == 4), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5),
            because: "the rotated snapshots to be deleted");
        (await GetPolicyAsync(h, ns, "blog")).Status!.NextBackupTime.Should().Be(sundays[^1].AddDays(7));
    }

    [Fact]
    public async Task After_downtime_across_two_ticks_only_the_newest_missed_tick_is_caught_up_once()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro);
        var first = Monday.AddHours(3);
        await AdvanceToAsync(h, first);
        await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", first), IsAvailable, Step);

        await h.StopOperatorAsync();
        h.Time.Advance(Monday.AddDays(2).AddHours(5) - h.Time.GetUtcNow());
        await h.StartOperatorAsync();

        var newest = Monday.AddDays(2).AddHours(3);
        await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", newest), IsAvailable, Step);
        await h.SettleAsync();
        (await LiveAutomaticAsync(h, ns, CancellationToken.None)).Should().Equal(AutomaticName("shop", first), AutomaticName("shop", newest));
        (await GetPolicyAsync(h, ns, "shop")).Status!.LastScheduleTime.Should().Be(newest);
    }

    [Fact]
    public async Task A_tick_older_than_the_starting_deadline_is_recorded_as_missed_without_a_backup()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.StartingDeadlineMinutes = 60);
        await h.WaitForAsync(async t => (await h.Policies.GetAsync(ns, "shop", t))?.Status?.NextBackupTime is not null, because: "the policy's first status");

        await h.StopOperatorAsync();
        var tick = Monday.AddHours(3);
        h.Time.Advance(tick.AddHours(2) - h.Time.GetUtcNow());
        await h.StartOperatorAsync();

        await h.AdvanceUntilAsync(async t => (await h.Policies.GetAsync(ns, "shop", t))?.Status?.LastScheduleTime == tick, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
            because: "the missed tick to be recorded");
        var policy = await GetPolicyAsync(h, ns, "shop");
        policy.Status!.NextBackupTime.Should().Be(tick.AddDays(1));
        (await LiveAutomaticAsync(h, ns, CancellationToken.None)).Should().BeEmpty();
        await h.WaitForAsync(async t => (await EventsAsync(h, ns, t)).Any(e => e.Reason == "ScheduleMissed" && e.Type == "Warning"), because: "a ScheduleMissed warning event");
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_missed_schedules_total 1");
    }

    [Fact]
    public async Task A_backup_is_deleted_on_its_expiry_day_but_the_newest_available_one_is_kept_past_its_expiry()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s =>
        {
            s.ExpireAfterDays = 1;
            s.Suspend = true;
        });
        await h.CreateBackupAsync(ns, "older", "shop");
        var older = await h.AdvanceUntilBackupAsync(ns, "older", IsAvailable, Step);
        await AdvanceToAsync(h, h.Time.GetUtcNow().AddHours(1));
        await h.CreateBackupAsync(ns, "newer", "shop");
        var newer = await h.AdvanceUntilBackupAsync(ns, "newer", IsAvailable, Step);

        var expiry = older.Status!.ExpiresAt ?? Created(older).AddDays(1);
        await AdvanceToAsync(h, expiry - TimeSpan.FromMinutes(1));
        (await ExistsAsync(h, ns, "older")).Should().BeTrue("it has not expired yet");

        await AdvanceToAsync(h, expiry);
        await h.AdvanceUntilAsync(async t => await h.Backups.GetAsync(ns, "older", t) is null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
            because: "the policy requeued at expiresAt and deleted the expired backup");

        var newerExpiry = newer.Status!.ExpiresAt ?? Created(newer).AddDays(1);
        await AdvanceToAsync(h, newerExpiry.AddHours(6));
        (await ExistsAsync(h, ns, "newer")).Should().BeTrue("the newest Available backup is kept until a newer one is Available");
        h.SnapshotsOfDroplet(h.DropletId).Should().ContainSingle();
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_deleted_total{reason=\"expiry\"} 1");
    }

    [Fact]
    public async Task At_the_cap_an_automatic_run_evicts_the_oldest_automatic_backup_and_is_skipped_when_only_manual_ones_could_go()
    {
        await using var h = await OperatorHarness.StartAsync(output, o => o.DropletUsedGigabytes = [1]);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.Retention = new RetentionSpec { Automatic = 20 });
        var day1 = Monday.AddHours(3);
        await AdvanceToAsync(h, day1);
        await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", day1), IsAvailable, Step);

        for (var i = 0; i < 19; i++)
        {
            await h.CreateBackupAsync(ns, $"manual-{i:00}", "shop");
        }

        await h.AdvanceUntilAsync(async t => (await LiveAsync(h, ns, t)).Count(IsAvailable) == 20, TimeSpan.FromSeconds(30), TimeSpan.FromHours(6),
            TimeSpan.FromMinutes(3), "20 Available backups");

        // Day 2: at the cap; the oldest automatic backup (not the newest Available one) makes room.
        var day2 = Monday.AddDays(1).AddHours(3);
        await AdvanceToAsync(h, day2);
        await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", day2), IsAvailable, Step);
        await h.AdvanceUntilAsync(async t => await h.Backups.GetAsync(ns, AutomaticName("shop", day1), t) is null, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5),
            because: "the evicted backup to be gone");
        (await LiveAsync(h, ns, CancellationToken.None)).Should().HaveCount(20);
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_deleted_total{reason=\"cap\"} 1");

        // Day 3: the only automatic backup is the newest Available one; everything else is manual: the run is skipped.
        var day3 = Monday.AddDays(2).AddHours(3);
        await AdvanceToAsync(h, day3);
        await h.AdvanceUntilAsync(async t => (await h.Policies.GetAsync(ns, "shop", t))?.Status?.LastScheduleTime == day3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
            because: "the skipped tick to be recorded");
        var policy = await GetPolicyAsync(h, ns, "shop");
        (await ExistsAsync(h, ns, AutomaticName("shop", day3))).Should().BeFalse();
        var limit = policy.Status!.Conditions!.Single(c => c.Type == ConditionTypes.LimitReached);
        limit.Status.Should().Be(ConditionStatus.True);
        limit.Reason.Should().Be(Reasons.LimitReached);
        await h.WaitForAsync(async t => (await EventsAsync(h, ns, t)).Any(e => e.Reason == Reasons.LimitReached && e.Type == "Warning"), because: "a LimitReached warning event");
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_limit_reached_total{type=\"Automatic\"} 1");
    }

    [Fact]
    public async Task Basic_makes_no_automatic_backups_and_says_why()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "tiny", plan: Plan.Basic);

        await h.AdvanceAsync(TimeSpan.FromDays(2), TimeSpan.FromHours(1));

        (await LiveAsync(h, ns, CancellationToken.None)).Should().BeEmpty();
        var policy = await GetPolicyAsync(h, ns, "tiny");
        var available = policy.Status!.Conditions!.Single(c => c.Type == ConditionTypes.BackupsAvailable);
        available.Status.Should().Be(ConditionStatus.False);
        available.Reason.Should().Be(Reasons.PlanNotEligible);
        available.Message.Should().Be(Reasons.PlanNotEligibleMessage);
        policy.Status.NextBackupTime.Should().BeNull();
        policy.Metadata.Finalizers.Should().Contain(ApiConstants.PolicyCleanupFinalizer);
    }

    [Fact]
    public async Task Suspend_passes_ticks_over_and_resuming_does_not_catch_them_up()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.Suspend = true);

        await AdvanceToAsync(h, Monday.AddDays(1).AddHours(4));
        (await LiveAsync(h, ns, CancellationToken.None)).Should().BeEmpty();

        var policy = await GetPolicyAsync(h, ns, "shop");
        policy.Spec.Suspend = false;
        await h.Policies.UpdateAsync(policy, CancellationToken.None);
        await h.SettleAsync();
        (await LiveAsync(h, ns, CancellationToken.None)).Should().BeEmpty("ticks passed while suspended are not caught up");

        var next = Monday.AddDays(2).AddHours(3);
        await AdvanceToAsync(h, next);
        await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", next), IsAvailable, Step);
        (await LiveAutomaticAsync(h, ns, CancellationToken.None)).Should().Equal(AutomaticName("shop", next));
    }

    [Fact]
    public async Task A_tick_that_comes_due_while_a_restore_runs_on_the_droplet_waits_for_the_restore_to_end()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var droplet = h.AddDroplet(usedGigabytes: 40).Id; // 240 s per snapshot or rebuild
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", droplet, Plan.Pro);
        await h.CreateBackupAsync(ns, "shop-manual", "shop");
        await h.AdvanceUntilBackupAsync(ns, "shop-manual", IsAvailable, Step);
        var tick = Monday.AddHours(3);
        await AdvanceToAsync(h, tick - TimeSpan.FromMinutes(3));

        // Small clock steps first: after the long jump the informers re-establish their watches on the fake clock.
        await h.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        await h.CreateRestoreAsync(ns, "rollback", "shop-manual", droplet);
        await h.AdvanceUntilAsync(async t => (await h.Restores.GetAsync(ns, "rollback", t))?.Status?.ActionId is not null, TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(60), because: "the rebuild to start before the tick");
        await AdvanceToAsync(h, tick);

        (await ExistsAsync(h, ns, AutomaticName("shop", tick))).Should().BeFalse("no backup starts while the restore runs");
        await h.AdvanceUntilAsync(async t => (await h.Policies.GetAsync(ns, "shop", t))?.Status?.Conditions?
                .Any(c => c.Type == ConditionTypes.Restoring && c.Status == ConditionStatus.True) == true,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), because: "the policy's Restoring condition");
        (await GetPolicyAsync(h, ns, "shop")).Status!.LastScheduleTime.Should().BeNull("the tick is held, not passed over");
        (await ExistsAsync(h, ns, AutomaticName("shop", tick))).Should().BeFalse("no backup starts while the restore runs");

        await h.AdvanceUntilAsync(async t => (await h.Restores.GetAsync(ns, "rollback", t))?.Status?.Phase == RestorePhase.Succeeded, Step, TimeSpan.FromHours(1),
            because: "the restore to end");
        var backup = await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", tick), IsAvailable, Step);
        var rebuild = h.SimulatorState.ListActionsOfDroplet(droplet).Single(a => a.Type == "rebuild");
        backup.Status!.StartedAt.Should().BeOnOrAfter(rebuild.CompletedAt!.Value, "the tick's backup was made after the restore ended");
        (await GetPolicyAsync(h, ns, "shop")).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Restoring).Status.Should().Be(ConditionStatus.False);
    }

    [Fact]
    public async Task Deleting_a_policy_deletes_its_backups_and_every_snapshot_before_it_goes()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro);
        await h.CreateBackupAsync(ns, "shop-manual", "shop");
        await h.AdvanceUntilBackupAsync(ns, "shop-manual", IsAvailable, Step);
        var tick = Monday.AddHours(3);
        await AdvanceToAsync(h, tick);
        await h.AdvanceUntilBackupAsync(ns, AutomaticName("shop", tick), IsAvailable, Step);
        h.SnapshotsOfDroplet(h.DropletId).Should().HaveCount(2);

        await h.Policies.DeleteAsync(ns, "shop", null, CancellationToken.None);

        await h.AdvanceUntilAsync(async t => await h.Policies.GetAsync(ns, "shop", t) is null, Step, TimeSpan.FromHours(1), because: "the policy to go after its backups");
        (await LiveAsync(h, ns, CancellationToken.None)).Should().BeEmpty();
        h.SnapshotsOfDroplet(h.DropletId).Should().BeEmpty("no orphan snapshots");
        h.RequestCount("delete_snapshot").Should().Be(2, "one DELETE per snapshot");
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_deleted_total{reason=\"deployment\"} 2");
    }

    [Fact]
    public async Task The_policy_is_owned_by_its_deployment_object_and_goes_with_it()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        var deployment = await h.Kubernetes.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = ns },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "shop" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "shop" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "shop", Image = "shop:1" }] },
                },
            },
        }, ns);
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.DeploymentRef = new DeploymentReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "shop" });
        await h.CreatePolicyAsync(ns, "orphan", plan: Plan.Pro, configure: s => s.DeploymentRef = new DeploymentReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "missing" });

        var owned = await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Metadata.OwnerReferences?.Count > 0, because: "the owner reference to the Deployment");
        owned.Metadata.OwnerReferences.Should().ContainSingle(r => r.Kind == "Deployment" && r.Name == "shop" && r.Uid == deployment.Metadata.Uid);
        var orphan = await h.WaitForAsync(t => h.Policies.GetAsync(ns, "orphan", t),
            p => p.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Reason == PolicyStatusBuilder.DeploymentNotFoundReason) == true,
            because: "Ready=False DeploymentNotFound");
        orphan.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Message.Should().Contain("missing");

        await h.CreateBackupAsync(ns, "shop-manual", "shop");
        await h.AdvanceUntilBackupAsync(ns, "shop-manual", IsAvailable, Step);
        await h.Kubernetes.AppsV1.DeleteNamespacedDeploymentAsync("shop", ns);

        await h.AdvanceUntilAsync(async t => await h.Policies.GetAsync(ns, "shop", t) is null, Step, TimeSpan.FromHours(1), because: "the policy to go with its deployment");
        h.SnapshotsOfDroplet(h.DropletId).Should().BeEmpty();
    }

    internal static bool IsAvailable(Backup backup) => backup.Metadata.DeletionTimestamp is null && backup.Status?.Phase == BackupPhase.Available;

    internal static string AutomaticName(string policy, DateTimeOffset tick) =>
        policy + "-" + tick.UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);

    /// <summary>Jumps the clock to <paramref name="target"/> (timers due on the way fire at the target) and lets the operator settle.</summary>
    internal static Task AdvanceToAsync(OperatorHarness h, DateTimeOffset target) => h.AdvanceToAsync(target);

    private static DateTimeOffset Created(Backup backup) =>
        new(DateTime.SpecifyKind(backup.Metadata.CreationTimestamp!.Value, DateTimeKind.Utc));

    private static async Task<bool> ExistsAsync(OperatorHarness h, string ns, string name) =>
        await h.Backups.GetAsync(ns, name, CancellationToken.None) is { Metadata.DeletionTimestamp: null };

    private static async Task<List<Backup>> LiveAsync(OperatorHarness h, string ns, CancellationToken cancellationToken) =>
        (await h.Backups.ListAsync(ns, null, cancellationToken)).Items.Where(b => b.Metadata.DeletionTimestamp is null).ToList();

    private static async Task<List<string>> LiveAutomaticAsync(OperatorHarness h, string ns, CancellationToken cancellationToken) =>
        (await LiveAsync(h, ns, cancellationToken)).Where(b => b.Spec.Type == BackupType.Automatic).Select(b => b.Metadata.Name).Order(StringComparer.Ordinal).ToList();

    private static async Task<BackupPolicy> GetPolicyAsync(OperatorHarness h, string ns, string name) =>
        await h.Policies.GetAsync(ns, name, CancellationToken.None) ?? throw new InvalidOperationException($"Policy {ns}/{name} does not exist.");

    private static async Task<IList<Corev1Event>> EventsAsync(OperatorHarness h, string ns, CancellationToken cancellationToken) =>
        (await h.Kubernetes.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: cancellationToken)).Items;
}
