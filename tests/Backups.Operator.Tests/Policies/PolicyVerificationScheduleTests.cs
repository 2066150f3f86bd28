using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies.Verifications;
using Backups.Operator.Resources;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Tests.Harness;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Backups.Operator.Tests.Policies.BackupPolicyReconcilerTests;
using static Backups.Operator.Tests.Verifications.BackupVerificationReconcilerTests;

namespace Backups.Operator.Tests.Policies;

/// <summary>
/// <c>BackupPolicy.spec.verification</c> in the whole in-process system on the fake clock: one BackupVerification of the
/// newest Available backup per tick, never two at once, Basic refused, keepHistory, suspend and removal, and the
/// per-policy verification series removed with the policy.
/// </summary>
public sealed class PolicyVerificationScheduleTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Monday = OperatorHarnessOptions.DefaultStart;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>A backup schedule that does not fire during a test (1 January), so only the test's backups exist.</summary>
    private const string NoBackupDuringTests = "0 3 1 1 *";

    [Fact]
    public async Task A_tick_creates_exactly_one_verification_of_the_newest_available_backup_owned_by_the_policy()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await PolicyWithAvailableBackupsAsync(h, "older", "newer");
        await EnableAsync(h, ns, "0 12 * * *");
        var tick = Monday.AddHours(12);
        var name = RunName(tick);

        await AdvanceToAsync(h, tick - TimeSpan.FromSeconds(1));
        (await RunsAsync(h, ns)).Should().BeEmpty("nothing is made before the tick");
        var waiting = await GetPolicyAsync(h, ns);
        waiting.Status!.Verification!.NextVerificationTime.Should().Be(tick);
        Condition(waiting).Status.Should().Be(ConditionStatus.True);
        Condition(waiting).Reason.Should().Be(VerificationScheduler.ScheduledReason);

        await AdvanceToAsync(h, tick);
        var run = (await RunsAsync(h, ns)).Should().ContainSingle().Subject;
        run.Metadata.Name.Should().Be(name);
        run.Spec.BackupName.Should().Be("newer", "the newest Available backup is verified");
        run.Spec.Probe.HttpGet!.Port.Should().Be(8080);
        run.Metadata.Labels.Should().Contain(ApiConstants.PolicyLabel, "shop");
        run.Metadata.OwnerReferences.Should().ContainSingle(r => r.Kind == "BackupPolicy" && r.Name == "shop" && r.Controller == true);

        var passed = await AdvanceUntilCleanedUpAsync(h, ns, name);
        passed.Status!.Phase.Should().Be(VerificationPhase.Passed, passed.Status.Message);
        var policy = await h.WaitForAsync(
            t => h.Policies.GetAsync(ns, "shop", t),
            p => p.Status?.Verification?.Last is not null,
            because: "the policy to record the finished run");
        policy.Status!.Verification!.Last!.Name.Should().Be(name);
        policy.Status.Verification.Last.Result.Should().Be(VerificationResult.Passed);
        policy.Status.Verification.LastScheduleTime.Should().Be(tick);
        policy.Status.Verification.NextVerificationTime.Should().Be(tick.AddDays(1));
        (await RunsAsync(h, ns)).Should().ContainSingle("one tick makes one run, whatever reconciles in between");
        h.RequestCount("create_droplet").Should().Be(1);
    }

    [Fact]
    public async Task A_running_verification_makes_the_next_tick_skip_and_the_skip_is_not_queued()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await PolicyWithAvailableBackupsAsync(h, "manual");
        // The first droplet never becomes active, so its run stays Booting until its 20-minute timeout.
        h.SimulatorState.Faults.Add(new FaultRule { Operation = "create_droplet", Kind = FaultKind.ErroredAction, Count = 1 });
        // Every 15 minutes: the run's 20-minute timeout ends between two ticks, never at one.
        await EnableAsync(h, ns, "*/15 * * * *");
        var first = NextQuarter(h.Time.GetUtcNow());

        await AdvanceToAsync(h, first);
        (await RunsAsync(h, ns)).Select(r => r.Metadata.Name).Should().Equal(RunName(first));
        await AdvanceToAsync(h, first.AddMinutes(15));
        await AdvanceToAsync(h, first.AddMinutes(17));

        var runs = await RunsAsync(h, ns);
        runs.Should().ContainSingle("a tick while a run is going makes no second one");
        runs[0].Status!.Phase.Should().NotBe(VerificationPhase.Passed).And.NotBe(VerificationPhase.Failed);
        (await GetPolicyAsync(h, ns)).Status!.Verification!.LastScheduleTime.Should().Be(first.AddMinutes(15), "the skipped tick is acted on, not kept for later");
        var skipped = await WaitForEventAsync(h, ns, VerificationScheduler.VerificationSkippedReason);
        skipped.Message.Should().Contain(RunName(first)).And.Contain("still running");

        var failed = await AdvanceUntilCleanedUpAsync(h, ns, RunName(first));
        failed.Status!.Phase.Should().Be(VerificationPhase.Failed);
        failed.Status.CompletedAt.Should().BeBefore(first.AddMinutes(30));
        await AdvanceToAsync(h, first.AddMinutes(30));
        (await RunsAsync(h, ns)).Select(r => r.Metadata.Name).Should().Equal([RunName(first), RunName(first.AddMinutes(30))],
            "the skipped tick was not queued: the next tick after the run ended makes the only other run");
    }

    [Fact]
    public async Task Basic_refuses_spec_verification_with_PlanNotEligible_and_creates_none()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Basic, configure: s => s.Verification = Spec("0 * * * *", null));

        await h.AdvanceAsync(TimeSpan.FromHours(5), TimeSpan.FromMinutes(30));

        (await RunsAsync(h, ns)).Should().BeEmpty();
        var policy = await GetPolicyAsync(h, ns);
        var condition = Condition(policy);
        condition.Status.Should().Be(ConditionStatus.False);
        condition.Reason.Should().Be(Reasons.PlanNotEligible);
        condition.Message.Should().Be(Reasons.VerificationsPlanNotEligibleMessage);
        policy.Status!.Verification.Should().BeNull();
        await WaitForEventAsync(h, ns, Reasons.PlanNotEligible);
    }

    [Fact]
    public async Task A_tick_without_an_available_backup_is_skipped_with_an_event_saying_why()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", configure: s =>
        {
            s.Schedule = NoBackupDuringTests;
            s.Verification = Spec("0 12 * * *", null);
        });
        var tick = Monday.AddHours(12);

        await AdvanceToAsync(h, tick);

        var skipped = await WaitForEventAsync(h, ns, VerificationScheduler.VerificationSkippedReason);
        skipped.Type.Should().Be("Warning");
        skipped.Message.Should().Contain("no Available backup");
        (await RunsAsync(h, ns)).Should().BeEmpty();
        (await GetPolicyAsync(h, ns)).Status!.Verification!.LastScheduleTime.Should().Be(tick);
    }

    [Fact]
    public async Task KeepHistory_deletes_the_oldest_finished_verifications()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await PolicyWithAvailableBackupsAsync(h, "manual");
        await EnableAsync(h, ns, "0 * * * *", keepHistory: 2);
        var ticks = Enumerable.Range(1, 4).Select(i => Monday.AddHours(i)).ToList();

        foreach (var tick in ticks)
        {
            await AdvanceToAsync(h, tick);
            (await AdvanceUntilCleanedUpAsync(h, ns, RunName(tick))).Status!.Phase.Should().Be(VerificationPhase.Passed);
        }

        var expected = ticks.Skip(2).Select(RunName).ToList();
        await h.AdvanceUntilAsync(
            async t => (await RunsAsync(h, ns)).Select(r => r.Metadata.Name).Order(StringComparer.Ordinal).SequenceEqual(expected),
            Step,
            TimeSpan.FromMinutes(10),
            because: "keepHistory 2 to keep only the two newest finished runs");
        (await h.Client<BackupVerification>().GetAsync(ns, RunName(ticks[0]), CancellationToken.None)).Should().BeNull();
        h.SimulatorState.ListDestroyedDroplets().Should().HaveCount(4, "every run's droplet was destroyed, the pruned ones' too");
    }

    [Fact]
    public async Task Suspending_the_policy_or_removing_spec_verification_stops_the_runs()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await PolicyWithAvailableBackupsAsync(h, "manual");
        await EnableAsync(h, ns, "0 * * * *");
        await AdvanceToAsync(h, Monday.AddHours(1));
        await AdvanceUntilCleanedUpAsync(h, ns, RunName(Monday.AddHours(1)));

        await UpdateSpecAsync(h, ns, s => s.Suspend = true);
        await AdvanceToAsync(h, Monday.AddHours(3).AddMinutes(30));
        (await RunsAsync(h, ns)).Should().ContainSingle("no run while the policy is suspended");
        (await GetPolicyAsync(h, ns)).Status!.Verification!.NextVerificationTime.Should().BeNull();

        await UpdateSpecAsync(h, ns, s =>
        {
            s.Suspend = false;
            s.Verification = null;
        });
        await AdvanceToAsync(h, Monday.AddHours(6).AddMinutes(30));
        (await RunsAsync(h, ns)).Should().ContainSingle("no run once spec.verification is gone");
        var policy = await GetPolicyAsync(h, ns);
        policy.Status!.Verification.Should().BeNull();
        policy.Status.Conditions!.Should().NotContain(c => c.Type == ConditionTypes.VerificationsAvailable);
    }

    [Fact]
    public async Task Deleting_a_policy_removes_its_verification_series()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var ns = await PolicyWithAvailableBackupsAsync(h, "manual");
        await EnableAsync(h, ns, "0 12 * * *");
        await AdvanceToAsync(h, Monday.AddHours(12));
        await AdvanceUntilCleanedUpAsync(h, ns, RunName(Monday.AddHours(12)));
        var series = $"backup_last_verified_timestamp_seconds{{namespace=\"{ns}\",policy=\"shop\"}}";
        (await h.ScrapeMetricsAsync()).Should().Contain(series);

        await h.Policies.DeleteAsync(ns, "shop", null, CancellationToken.None);
        await h.AdvanceUntilAsync(async t => await h.Policies.GetAsync(ns, "shop", t) is null, Step, TimeSpan.FromHours(1), because: "the policy to go");
        await h.AdvanceUntilAsync(async t => (await h.Client<BackupVerification>().ListAsync(ns, null, t)).Items.Count == 0, Step, TimeSpan.FromHours(1),
            because: "its verifications to go with it (owner reference)");

        (await h.ScrapeMetricsAsync()).Should().NotContain(series);
    }

    private static PolicyVerificationSpec Spec(string schedule, int? keepHistory) => new() { Schedule = schedule, Probe = Http(8080), KeepHistory = keepHistory };

    private static string RunName(DateTimeOffset tick) => "shop-verify-" + tick.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    private static DateTimeOffset NextQuarter(DateTimeOffset now) =>
        new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute / 15 * 15, 0, TimeSpan.Zero).AddMinutes(15);

    /// <summary>A Pro policy "shop" whose backup schedule does not fire in the test, with these manual backups Available (in order).</summary>
    private static async Task<string> PolicyWithAvailableBackupsAsync(OperatorHarness h, params string[] backups)
    {
        var ns = await h.CreateNamespaceWithTokenAsync();
        await h.CreatePolicyAsync(ns, "shop", plan: Plan.Pro, configure: s => s.Schedule = NoBackupDuringTests);
        foreach (var backup in backups)
        {
            await h.CreateBackupAsync(ns, backup, "shop");
            await h.AdvanceUntilBackupAsync(ns, backup, IsAvailable, Step);
        }

        return ns;
    }

    /// <summary>Sets spec.verification and waits until the policy has seen it (its status records when).</summary>
    private static async Task EnableAsync(OperatorHarness h, string ns, string schedule, int? keepHistory = null)
    {
        await UpdateSpecAsync(h, ns, s => s.Verification = Spec(schedule, keepHistory));
        await h.WaitForAsync(t => h.Policies.GetAsync(ns, "shop", t), p => p.Status?.Verification?.Since is not null, because: "the policy to see spec.verification");
    }

    private static async Task UpdateSpecAsync(OperatorHarness h, string ns, Action<BackupPolicySpec> change)
    {
        var policy = await GetPolicyAsync(h, ns);
        change(policy.Spec);
        await h.Policies.UpdateAsync(policy, CancellationToken.None);
        await h.SettleAsync();
    }

    private static async Task<List<BackupVerification>> RunsAsync(OperatorHarness h, string ns) =>
        (await h.Client<BackupVerification>().ListAsync(ns, null, CancellationToken.None)).Items
            .Where(v => v.Metadata.DeletionTimestamp is null)
            .OrderBy(v => v.Metadata.Name, StringComparer.Ordinal)
            .ToList();

    private static async Task<BackupPolicy> GetPolicyAsync(OperatorHarness h, string ns) =>
        await h.Policies.GetAsync(ns, "shop", CancellationToken.None) ?? throw new InvalidOperationException($"Policy {ns}/shop does not exist.");

    private static Condition Condition(BackupPolicy policy) =>
        policy.Status!.Conditions!.Single(c => c.Type == ConditionTypes.VerificationsAvailable);

    private static Task<Corev1Event> WaitForEventAsync(OperatorHarness h, string ns, string reason) =>
        h.WaitForAsync(
            async t => (await h.Kubernetes.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: t)).Items
                .FirstOrDefault(e => e.InvolvedObject.Name == "shop" && e.Reason == reason),
            static _ => true,
            because: $"an Event {reason} about the policy");
}
