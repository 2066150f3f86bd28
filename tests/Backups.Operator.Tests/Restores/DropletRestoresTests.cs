using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using k8s.Models;

namespace Backups.Operator.Tests.Restores;

public sealed class DropletRestoresTests
{
    private const long Droplet = 3164444;
    private static readonly DateTime Created = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_running_restore_of_the_droplet_goes_first()
    {
        var running = Restore("a", Created.AddMinutes(5), RestorePhase.Restoring);
        var mine = Restore("b", Created, null);

        DropletRestores.Ahead([running, mine], mine, Droplet)!.Metadata.Name.Should().Be("a");
    }

    [Fact]
    public void Of_two_waiting_restores_the_older_goes_first_even_before_either_was_validated()
    {
        var older = Restore("z", Created, null);
        var younger = Restore("a", Created.AddSeconds(1), null);
        var finished = Restore("done", Created.AddSeconds(-10), RestorePhase.Succeeded);

        DropletRestores.Ahead([older, younger, finished], younger, Droplet)!.Metadata.Name.Should().Be("z");
        DropletRestores.Ahead([older, younger, finished], older, Droplet).Should().BeNull();
    }

    [Fact]
    public void Same_creation_second_is_decided_by_namespace_then_name()
    {
        var a = Restore("b", Created, null, ns: "team-a");
        var b = Restore("a", Created, null, ns: "team-b");

        DropletRestores.Ahead([a, b], b, Droplet)!.Metadata.Name.Should().Be("b");
        DropletRestores.Ahead([a, b], a, Droplet).Should().BeNull();
    }

    [Fact]
    public void Restores_of_other_droplets_do_not_block()
    {
        var other = Restore("other", Created, RestorePhase.Restoring, droplet: 42);
        var mine = Restore("mine", Created.AddMinutes(1), null);

        DropletRestores.Ahead([other, mine], mine, Droplet).Should().BeNull();
    }

    [Fact]
    public void A_running_restore_that_is_being_deleted_still_holds_its_droplet_and_its_source_backup()
    {
        var deleting = Restore("going", Created, RestorePhase.Restoring);
        deleting.Metadata.DeletionTimestamp = Created.AddMinutes(1);
        var source = Backup("shop-before-v2", "shop", BackupPhase.Available);

        DropletRestores.RunningOn([deleting], Droplet).Should().ContainSingle();
        DropletRestores.Using([deleting], source)!.Metadata.Name.Should().Be("going");
        DropletRestores.Blocking([deleting], Backup("shop-manual", "shop", BackupPhase.Creating), Droplet).Should().NotBeNull();
    }

    [Fact]
    public void Only_the_validated_droplet_counts_as_running_never_confirmDropletId()
    {
        var unvalidated = Restore("typo", Created, RestorePhase.BackingUp, droplet: 42);
        unvalidated.Spec.ConfirmDropletId = Droplet;

        DropletRestores.RunningOn([unvalidated], Droplet).Should().BeEmpty();
        DropletRestores.RunningOn([unvalidated], 42).Should().ContainSingle();
    }

    [Fact]
    public void A_safety_backup_never_waits_on_its_own_restore_even_with_a_253_character_name()
    {
        var longName = "rollback-" + new string('r', 244);
        longName.Should().HaveLength(253);
        var restore = Restore(longName, Created, RestorePhase.BackingUp);
        var safety = Backup(BackupNames.SafetyBackup(longName), "shop", BackupPhase.Creating);
        safety.Metadata.Labels = new Dictionary<string, string> { [ApiConstants.RestoreLabel] = BackupNames.LabelValue(longName) };
        var someoneElses = Backup("shop-manual", "shop", BackupPhase.Creating);

        DropletRestores.IsSafetyBackupOf(safety, restore).Should().BeTrue();
        DropletRestores.Blocking([restore], safety, Droplet).Should().BeNull("a safety backup never waits on its own restore");
        DropletRestores.Blocking([restore], someoneElses, Droplet)!.Metadata.Name.Should().Be(longName);
    }

    [Fact]
    public void A_waiting_restore_blocks_no_backup()
    {
        var waiting = Restore("waiting", Created, RestorePhase.Pending);

        DropletRestores.Blocking([waiting], Backup("other-pre-restore", "shop", BackupPhase.Creating), Droplet).Should().BeNull();
    }

    [Fact]
    public void A_backup_being_created_on_the_droplet_blocks_except_the_restores_own_safety_backup()
    {
        var creating = Backup("shop-20260105-0300", "shop", BackupPhase.Creating);
        var safety = Backup("undo-pre-restore", "shop", null);
        var available = Backup("shop-old", "shop", BackupPhase.Available);

        DropletBackups.InFlight([safety, available], Droplet, "team-a", "shop", "undo-pre-restore").Should().BeNull();
        DropletBackups.InFlight([safety, available, creating], Droplet, "team-a", "shop", "undo-pre-restore")!
            .Metadata.Name.Should().Be("shop-20260105-0300");
    }

    [Fact]
    public void A_running_restore_waits_only_for_backups_whose_snapshot_was_requested()
    {
        var queued = Backup("shop-manual", "shop", BackupPhase.Creating);
        var snapshotting = Backup("shop-20260105-0300", "shop", BackupPhase.Creating);
        snapshotting.Status!.SnapshotName = "team-a-shop-20260105-0300-1234abcd";

        DropletBackups.InFlight([queued], Droplet, "team-a", "shop", "undo-pre-restore", startedOnly: true).Should().BeNull(
            "the queued backup waits for the running restore; waiting for it would be a cycle");
        DropletBackups.InFlight([queued, snapshotting], Droplet, "team-a", "shop", "undo-pre-restore", startedOnly: true)!
            .Metadata.Name.Should().Be("shop-20260105-0300");
    }

    [Fact]
    public void A_backup_created_after_a_restore_waiting_for_the_droplet_waits_for_it_but_a_safety_backup_never_does()
    {
        var running = Restore("undo", Created, RestorePhase.BackingUp);
        var waiting = Restore("later", Created.AddSeconds(1), null);
        waiting.Status.Reason = "WaitingForDroplet";
        var newer = Backup("shop-manual", "shop", BackupPhase.Creating);
        newer.Metadata.CreationTimestamp = Created.AddSeconds(2);
        var safety = Backup(BackupNames.SafetyBackup("undo"), "shop", BackupPhase.Creating);
        safety.Metadata.CreationTimestamp = Created.AddSeconds(2);
        var older = Backup("shop-old", "shop", BackupPhase.Creating);

        DropletRestores.WaitingBefore([running, waiting], newer, Droplet, "WaitingForDroplet")!.Metadata.Name.Should().Be("later");
        DropletRestores.WaitingBefore([running, waiting], older, Droplet, "WaitingForDroplet").Should().BeNull("the restore is younger");
        DropletRestores.WaitingBefore([running, waiting], safety, Droplet, "WaitingForDroplet").Should().BeNull(
            "the safety backup belongs to the running restore, which 'later' waits for: waiting for 'later' would be a cycle");
    }

    private static BackupRestore Restore(string name, DateTime created, RestorePhase? phase, long? droplet = Droplet, string ns = "team-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, CreationTimestamp = created },
        Spec = new BackupRestoreSpec { BackupName = "shop-before-v2", ConfirmDropletId = droplet ?? Droplet },
        Status = new BackupRestoreStatus { Phase = phase, DropletId = phase is null ? null : droplet },
    };

    private static Backup Backup(string name, string policy, BackupPhase? phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", CreationTimestamp = Created },
        Spec = new BackupSpec { PolicyName = policy },
        Status = new BackupStatus { Phase = phase },
    };
}
