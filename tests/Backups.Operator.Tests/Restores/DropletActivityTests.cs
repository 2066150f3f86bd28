using Backups.Operator.Api;
using Backups.Operator.Controllers.Restores;
using Backups.Operator.Resources;
using k8s.Models;

namespace Backups.Operator.Tests.Restores;

public sealed class DropletActivityTests
{
    private const long Droplet = 3164444;
    private static readonly DateTime Created = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_running_restore_of_the_droplet_goes_first()
    {
        var running = Restore("a", Created.AddMinutes(5), RestorePhase.Restoring);
        var mine = Restore("b", Created, null);

        DropletActivity.RestoreAhead([running, mine], mine, Droplet)!.Metadata.Name.Should().Be("a");
    }

    [Fact]
    public void Of_two_pending_restores_the_older_goes_first_and_finished_ones_do_not_count()
    {
        var older = Restore("z", Created, RestorePhase.Pending);
        var younger = Restore("a", Created.AddSeconds(1), RestorePhase.Pending);
        var finished = Restore("done", Created.AddSeconds(-10), RestorePhase.Succeeded);

        DropletActivity.RestoreAhead([older, younger, finished], younger, Droplet)!.Metadata.Name.Should().Be("z");
        DropletActivity.RestoreAhead([older, younger, finished], older, Droplet).Should().BeNull();
    }

    [Fact]
    public void Restores_of_other_droplets_do_not_block()
    {
        var other = Restore("other", Created, RestorePhase.Restoring, droplet: 42);
        var mine = Restore("mine", Created.AddMinutes(1), null);

        DropletActivity.RestoreAhead([other, mine], mine, Droplet).Should().BeNull();
    }

    [Fact]
    public void A_backup_being_created_on_the_droplet_blocks_except_the_restores_own_safety_backup()
    {
        var creating = Backup("shop-20260105-0300", "shop", BackupPhase.Creating);
        var safety = Backup("undo-pre-restore", "shop", null);
        var available = Backup("shop-old", "shop", BackupPhase.Available);

        DropletActivity.BackupInFlight([safety, available], Droplet, "team-a", "shop", "undo-pre-restore").Should().BeNull();
        DropletActivity.BackupInFlight([safety, available, creating], Droplet, "team-a", "shop", "undo-pre-restore")!
            .Metadata.Name.Should().Be("shop-20260105-0300");
    }

    [Fact]
    public void Running_restores_of_a_policy_are_found_by_label_or_droplet()
    {
        var byLabel = Restore("by-label", Created, RestorePhase.BackingUp, droplet: null);
        byLabel.Metadata.Labels = new Dictionary<string, string> { [ApiConstants.PolicyLabel] = "shop" };
        var byDroplet = Restore("by-droplet", Created, RestorePhase.Restoring);
        var pending = Restore("pending", Created, RestorePhase.Pending);

        DropletActivity.RunningRestores([byLabel, byDroplet, pending], "team-a", "shop", Droplet)
            .Select(r => r.Metadata.Name).Should().Equal("by-droplet", "by-label");
    }

    private static BackupRestore Restore(string name, DateTime created, RestorePhase? phase, long? droplet = Droplet) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", CreationTimestamp = created },
        Spec = new BackupRestoreSpec { BackupName = "shop-before-v2", ConfirmDropletId = Droplet },
        Status = new BackupRestoreStatus { Phase = phase, DropletId = phase is null ? null : droplet },
    };

    private static Backup Backup(string name, string policy, BackupPhase? phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", CreationTimestamp = Created },
        Spec = new BackupSpec { PolicyName = policy },
        Status = new BackupStatus { Phase = phase },
    };
}
