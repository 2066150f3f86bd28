using Backups.Operator.Api;
using Backups.Operator.Controllers.Verifications;
using Backups.Operator.Resources;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.State;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Backups.Operator.Tests.Policies.BackupPolicyReconcilerTests;
using static Backups.Operator.Tests.Restores.BackupRestoreReconcilerTests;

namespace Backups.Operator.Tests.Verifications;

/// <summary>
/// The BackupVerification controller in the whole in-process system: the simulator boots a droplet from the backup's
/// snapshot, serves its application on a loopback address of its own, and keeps every droplet's lifetime.
/// </summary>
public sealed class BackupVerificationReconcilerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_healthy_snapshot_passes_and_its_droplet_is_destroyed_without_touching_the_customers_droplet()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, data) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        var requestsBefore = h.TotalRequests;

        await CreateAsync(h, ns, "check", "before-v2", Http(8080));
        var verification = await AdvanceUntilCleanedUpAsync(h, ns, "check");

        verification.Status!.Phase.Should().Be(VerificationPhase.Passed, verification.Status.Message);
        verification.Status.Reason.Should().Be(BackupVerificationReconciler.ProbePassedReason);
        verification.Status.Probe!.Succeeded.Should().BeTrue();
        verification.Status.Probe.Detail.Should().Contain("HTTP 200");
        verification.Status.Size.Should().Be("s-1vcpu-2gb", "the smallest size whose disk fits the snapshot's min_disk_size (50 GB)");
        verification.Status.Region.Should().Be("nyc3");
        verification.Status.DropletName.Should().Be("bkv-" + verification.Metadata.Uid);
        verification.Status.DropletId.Should().NotBeNull().And.NotBe(h.DropletId);
        verification.Status.StartedAt.Should().NotBeNull();
        verification.Status.BootedAt.Should().NotBeNull();
        verification.Status.CompletedAt.Should().NotBeNull();
        verification.Status.DropletSeconds.Should().BeGreaterThan(0);
        verification.Status.EstimatedCost.Should().Be(0.01786, "one started hour of s-1vcpu-2gb");
        verification.Metadata.Finalizers.Should().BeNullOrEmpty();

        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().BeEmpty("the droplet is destroyed");
        var destroyed = h.SimulatorState.ListDestroyedDroplets().Should().ContainSingle().Subject;
        destroyed.Tags.Should().Equal(ApiConstants.VerificationDropletTag, verification.Metadata.Uid);
        h.SimulatorState.FindDroplet(h.DropletId)!.Status.Should().Be("active");
        h.DataVersionOf(h.DropletId).Should().Be(data, "the customer's droplet is never touched");
        h.RequestCount("create_droplet").Should().Be(1);
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_verifications_total{result=\"passed\"} 1");
        output.WriteLine($"DigitalOcean requests for one verification: {h.TotalRequests - requestsBefore}; droplet-seconds: {destroyed.Seconds} (fake clock, simulator at 6 s/GB)");
    }

    [Fact]
    public async Task A_corrupt_snapshot_fails_its_probe_and_its_droplet_is_destroyed()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        var backup = await h.Backups.GetAsync(ns, "before-v2", CancellationToken.None);
        h.SimulatorState.SetSnapshotCorrupt(long.Parse(backup!.Status!.SnapshotId!, System.Globalization.CultureInfo.InvariantCulture), corrupt: true);

        await CreateAsync(h, ns, "check", "before-v2", new VerificationProbe { TcpSocket = new TcpSocketProbe { Port = 8080 } });
        var verification = await AdvanceUntilCleanedUpAsync(h, ns, "check");

        verification.Status!.Phase.Should().Be(VerificationPhase.Failed);
        verification.Status.Reason.Should().Be(BackupVerificationReconciler.ProbeFailedReason);
        verification.Status.Probe!.Succeeded.Should().BeFalse();
        verification.Status.Probe.Attempts.Should().BeGreaterThan(1, "the probe is retried during the grace period");
        verification.Status.Message.Should().Contain("did not answer the probe");
        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().BeEmpty();
        h.SimulatorState.ListDestroyedDroplets().Should().ContainSingle();
        (await h.ScrapeMetricsAsync()).Should().Contain("backup_verifications_total{result=\"failed\"} 1");
    }

    [Fact]
    public async Task A_droplet_that_never_boots_fails_at_the_timeout_and_is_destroyed()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.Faults.Add(new FaultRule { Operation = "create_droplet", Kind = FaultKind.ErroredAction, Count = 1 });

        await CreateAsync(h, ns, "check", "before-v2", Http(8080), timeoutMinutes: 5);
        var verification = await AdvanceUntilCleanedUpAsync(h, ns, "check");

        verification.Status!.Phase.Should().Be(VerificationPhase.Failed);
        verification.Status.Message.Should().Contain("did not boot within timeoutMinutes (5)");
        verification.Status.BootedAt.Should().BeNull();
        (verification.Status.CompletedAt - verification.Status.StartedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(5));
        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().BeEmpty();
    }

    [Fact]
    public async Task A_verification_deleted_mid_run_destroys_its_droplet_before_it_goes()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        h.SimulatorState.Faults.Add(new FaultRule { Operation = "create_droplet", Kind = FaultKind.ErroredAction, Count = 1 });
        await CreateAsync(h, ns, "check", "before-v2", Http(8080));
        await h.AdvanceUntilAsync(
            async t => (await Verifications(h).GetAsync(ns, "check", t))?.Status?.Phase == VerificationPhase.Booting, Step, TimeSpan.FromMinutes(5), because: "the droplet to exist");
        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().ContainSingle();

        await Verifications(h).DeleteAsync(ns, "check", null, CancellationToken.None);

        await h.AdvanceUntilAsync(async t => await Verifications(h).GetAsync(ns, "check", t) is null, Step, TimeSpan.FromMinutes(5), because: "the finalizer to destroy the droplet");
        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().BeEmpty();
        h.SimulatorState.ListDestroyedDroplets().Should().ContainSingle();
    }

    [Fact]
    public async Task A_crash_between_the_create_POST_and_the_status_write_leaves_exactly_one_droplet_then_none()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        // The droplet is created, but the answer never arrives before the operator dies.
        var fault = h.SimulatorState.Faults.Add(new FaultRule { Operation = "create_droplet", Kind = FaultKind.Slow, DelaySeconds = 3600, AfterCommit = true, Count = 1 });
        await CreateAsync(h, ns, "check", "before-v2", Http(8080));
        await h.WaitForAsync(_ => Task.FromResult(h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Count == 1), because: "the create POST to take effect");

        await h.StopOperatorAsync(kill: true);
        (await Verifications(h).GetAsync(ns, "check", CancellationToken.None))!.Status!.DropletId.Should().BeNull("the crash came before the status write");
        await h.StartOperatorAsync();
        var verification = await AdvanceUntilCleanedUpAsync(h, ns, "check");

        verification.Status!.Phase.Should().Be(VerificationPhase.Passed, verification.Status.Message);
        h.RequestCount("create_droplet").Should().Be(1, "the droplet was adopted by its tag, never requested twice");
        h.SimulatorState.ListDestroyedDroplets().Should().ContainSingle().Which.Id.Should().Be(verification.Status.DropletId!.Value);
        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().BeEmpty();
        fault.Should().NotBeNull();
    }

    [Fact]
    public async Task The_account_droplet_limit_fails_the_run_with_a_clear_reason_and_creates_nothing()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        const string token = "dop_v1_harness_limited_5e6f7a8b9c0d";
        h.SimulatorState.AddAccount(token, "limited@example.com", dropletLimit: 1);
        var droplet = h.SimulatorState.AddDroplet(token, new DropletSpec { Name = "small", DiskGigabytes = 25, UsedGigabytes = 2 });
        var ns = await h.CreateNamespaceWithTokenAsync(token: token);
        await h.CreatePolicyAsync(ns, "small", dropletId: droplet.Id, configure: s => s.Suspend = true);
        await h.CreateBackupAsync(ns, "manual", "small");
        await h.AdvanceUntilBackupAsync(ns, "manual", IsAvailable, Step);

        await CreateAsync(h, ns, "check", "manual", Http(8080));
        var verification = await AdvanceUntilCleanedUpAsync(h, ns, "check");

        verification.Status!.Phase.Should().Be(VerificationPhase.Failed);
        verification.Status.Reason.Should().Be(BackupVerificationReconciler.DropletLimitReason);
        verification.Status.Message.Should().Contain("droplet limit");
        verification.Status.DropletId.Should().BeNull();
        h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Should().BeEmpty();
    }

    [Fact]
    public async Task Verifications_on_one_token_never_run_more_droplets_than_the_ceiling()
    {
        await using var h = await OperatorHarness.StartAsync(output, o => o.ConfigureServices = s => s.Configure<VerificationOptions>(v => v.MaxDropletsPerToken = 1));
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        await CreateAsync(h, ns, "first", "before-v2", Http(8080));
        await CreateAsync(h, ns, "second", "before-v2", Http(8080));

        var most = 0;
        await h.AdvanceUntilAsync(
            async t =>
            {
                most = Math.Max(most, h.SimulatorState.ListDropletsWithTag(ApiConstants.VerificationDropletTag).Count);
                var all = (await Verifications(h).ListAsync(ns, null, t)).Items;
                return all.Count == 2 && all.All(v => v.Status?.CleanedUp == true);
            },
            TimeSpan.FromSeconds(5),
            TimeSpan.FromHours(1),
            because: "both verifications to finish");

        most.Should().Be(1);
        h.SimulatorState.ListDestroyedDroplets().Should().HaveCount(2);
        (await Verifications(h).ListAsync(ns, null, CancellationToken.None)).Items.Should().OnlyContain(v => v.Status!.Phase == VerificationPhase.Passed);
    }

    [Fact]
    public async Task A_finished_verification_is_recorded_on_its_backup_and_survives_the_backups_own_status_writes()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");

        await CreateAsync(h, ns, "check", "before-v2", Http(8080));
        var passed = await AdvanceUntilCleanedUpAsync(h, ns, "check");
        var backup = await h.WaitForBackupAsync(ns, "before-v2", b => b.Status?.Verification is not null);

        passed.Status!.Phase.Should().Be(VerificationPhase.Passed, passed.Status.Message);
        backup.Status!.Verification!.Name.Should().Be("check");
        backup.Status.Verification.Result.Should().Be(VerificationResult.Passed);
        backup.Status.VerifiedAt.Should().Be(passed.Status.CompletedAt);
        backup.Status.Phase.Should().Be(BackupPhase.Available);

        // The Backup controller writes its own status (deletionPolicy follows the spec) and keeps the record.
        await h.Backups.PatchAsync(ns, "before-v2", new V1Patch("""{"spec":{"deletionPolicy":"Retain"}}""", V1Patch.PatchType.MergePatch), CancellationToken.None);
        backup = await h.WaitForBackupAsync(ns, "before-v2", b => b.Status?.DeletionPolicy == DeletionPolicy.Retain);
        backup.Status!.Verification!.Result.Should().Be(VerificationResult.Passed, "the Backup controller's status write does not drop the record");
        backup.Status.VerifiedAt.Should().Be(passed.Status.CompletedAt);

        // A later verification that fails replaces the record.
        h.SimulatorState.SetSnapshotCorrupt(long.Parse(backup.Status.SnapshotId!, System.Globalization.CultureInfo.InvariantCulture), corrupt: true);
        await CreateAsync(h, ns, "check-again", "before-v2", Http(8080));
        var failed = await AdvanceUntilCleanedUpAsync(h, ns, "check-again");
        backup = await h.WaitForBackupAsync(ns, "before-v2", b => b.Status?.Verification?.Name == "check-again");

        failed.Status!.Phase.Should().Be(VerificationPhase.Failed);
        backup.Status!.Verification!.Result.Should().Be(VerificationResult.Failed);
        backup.Status.VerifiedAt.Should().Be(failed.Status.CompletedAt);
        backup.Status.DeletionPolicy.Should().Be(DeletionPolicy.Retain);
    }

    [Fact]
    public async Task A_verification_that_fails_before_any_droplet_is_not_recorded_on_its_backup()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");

        await Verifications(h).CreateAsync(
            new BackupVerification
            {
                Metadata = new V1ObjectMeta { Name = "no-size", NamespaceProperty = ns },
                Spec = new BackupVerificationSpec { BackupName = "before-v2", Probe = Http(8080), Size = "s-99vcpu-1tb" },
            },
            CancellationToken.None);
        var verification = await AdvanceUntilCleanedUpAsync(h, ns, "no-size");

        verification.Status!.Phase.Should().Be(VerificationPhase.Failed);
        verification.Status.Reason.Should().Be(BackupVerificationReconciler.NoFittingSizeReason);
        var backup = await h.Backups.GetAsync(ns, "before-v2", CancellationToken.None);
        backup!.Status!.Verification.Should().BeNull("no droplet was created, so nothing is known about the snapshot");
        backup.Status.VerifiedAt.Should().BeNull();
    }

    internal static VerificationProbe Http(int port) => new() { HttpGet = new HttpGetProbe { Port = port, Path = "/healthz", ExpectedStatus = 200 } };

    internal static Kubernetes.Client.IResourceClient<BackupVerification> Verifications(OperatorHarness h) => h.Client<BackupVerification>();

    internal static Task<BackupVerification> CreateAsync(OperatorHarness h, string ns, string name, string backupName, VerificationProbe probe, int? timeoutMinutes = null) =>
        Verifications(h).CreateAsync(
            new BackupVerification
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                Spec = new BackupVerificationSpec { BackupName = backupName, Probe = probe, TimeoutMinutes = timeoutMinutes },
            },
            CancellationToken.None);

    internal static async Task<BackupVerification> AdvanceUntilCleanedUpAsync(OperatorHarness h, string ns, string name)
    {
        BackupVerification? last = null;
        await h.AdvanceUntilAsync(
            async t =>
            {
                last = await Verifications(h).GetAsync(ns, name, t);
                return last?.Status?.CleanedUp == true && last.Metadata.Finalizers is not { Count: > 0 };
            },
            Step,
            TimeSpan.FromHours(1),
            because: $"BackupVerification {ns}/{name} to end and clean up (last phase {last?.Status?.Phase?.ToString() ?? "none"}: {last?.Status?.Message})");
        return last!;
    }
}
