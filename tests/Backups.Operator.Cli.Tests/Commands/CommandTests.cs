using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Tests.TestSupport;

namespace Backups.Operator.Cli.Tests.Commands;

/// <summary>The commands on an in-memory namespace: refusals before anything is created, confirmations, output formats.</summary>
public sealed class CommandTests
{
    [Fact]
    public async Task Create_on_a_basic_plan_is_refused_with_the_upgrade_message_and_creates_nothing()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("blog", 3164445, Plan.Basic);

        (await cli.RunAsync("create", "blog")).Should().Be(ExitCodes.Refused);

        cli.Error.Should().Contain(Reasons.PlanNotEligibleMessage).And.Contain("hint: change spec.plan");
        cli.Api.Backups.Should().BeEmpty();
    }

    [Fact]
    public async Task Create_at_the_cap_of_20_is_refused_and_creates_nothing()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);
        for (var i = 0; i < 20; i++)
        {
            cli.Api.AddBackup($"shop-{i}", "shop", BackupPhase.Available);
        }

        (await cli.RunAsync("create", "shop")).Should().Be(ExitCodes.Refused);

        cli.Error.Should().Contain(Reasons.LimitReachedMessage);
        cli.Api.Backups.Should().HaveCount(20);
    }

    [Fact]
    public async Task Create_makes_a_manual_backup_of_the_policy_with_a_generated_name()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);

        (await cli.RunAsync("create", "shop", "-d", "before v2")).Should().Be(0);

        var created = cli.Api.Backups.Should().ContainSingle().Subject;
        created.Spec.Should().BeEquivalentTo(new BackupSpec { PolicyName = "shop", Type = BackupType.Manual, Description = "before v2" });
        cli.Output.Should().StartWith("backup.backup.platform.dev/shop-manual-abcde created");
    }

    [Fact]
    public async Task Restore_with_a_wrong_typed_droplet_id_changes_nothing()
    {
        var cli = new CliHarness(input: "3164445\n");
        cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);

        (await cli.RunAsync("restore", "shop-1")).Should().Be(ExitCodes.Aborted);

        cli.Output.Should().Contain("All data written to droplet 3164444 since 2026-12-01 03:04 UTC will be lost.")
            .And.Contain("Type the droplet id 3164444 to confirm:");
        cli.Error.Should().Contain("does not match droplet 3164444: nothing was changed");
        cli.Api.Restores.Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_without_input_is_aborted()
    {
        var cli = new CliHarness(input: "");
        cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);

        (await cli.RunAsync("restore", "shop-1")).Should().Be(ExitCodes.Aborted);
        cli.Api.Restores.Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_with_the_typed_id_creates_the_restore_with_a_safety_backup_unless_told_not_to()
    {
        var cli = new CliHarness(input: "3164444\n");
        cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);

        (await cli.RunAsync("restore", "shop-1")).Should().Be(0);
        (await cli.RunAsync("restore", "shop-1", "--confirm-droplet-id", "3164444", "--no-safety-backup")).Should().Be(0);

        cli.Api.Restores.Select(r => (r.Spec.BackupName, r.Spec.ConfirmDropletId, r.Spec.PreRestoreBackup))
            .Should().Equal(("shop-1", 3164444L, (bool?)true), ("shop-1", 3164444L, (bool?)false));
    }

    [Fact]
    public async Task Restore_with_a_wrong_confirm_flag_or_of_a_backup_that_is_not_available_is_refused()
    {
        var cli = new CliHarness();
        cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);
        cli.Api.AddBackup("shop-2", "shop", BackupPhase.Creating);

        (await cli.RunAsync("restore", "shop-1", "--confirm-droplet-id", "1")).Should().Be(ExitCodes.Aborted);
        (await cli.RunAsync("restore", "shop-2", "--confirm-droplet-id", "3164444")).Should().Be(ExitCodes.Refused);
        (await cli.RunAsync("restore", "nope", "--confirm-droplet-id", "3164444")).Should().Be(ExitCodes.NotFound);

        cli.Api.Restores.Should().BeEmpty();
        cli.Error.Should().Contain("only an Available backup can be restored").And.Contain("backup \"nope\" not found in namespace team-a");
    }

    [Fact]
    public async Task Delete_says_whether_the_snapshot_goes_or_is_retained_and_deletes_only_after_a_yes()
    {
        var declined = new CliHarness(input: "n\n");
        declined.Api.AddBackup("keep", "shop", BackupPhase.Available, deletionPolicy: DeletionPolicy.Retain, size: 10);
        declined.Api.AddBackup("drop", "shop", BackupPhase.Available, snapshotId: "2002");

        (await declined.RunAsync("delete", "keep", "drop")).Should().Be(ExitCodes.Aborted);
        declined.Api.Deleted.Should().BeEmpty();
        declined.Output.Should().Contain("its DigitalOcean snapshot 1001 is RETAINED (deletion policy Retain) and keeps costing about $0.60 a month.")
            .And.Contain("its DigitalOcean snapshot 2002 is deleted too.")
            .And.Contain("Delete these 2 backups? [y/N]");

        var confirmed = new CliHarness(input: "y\n");
        confirmed.Api.AddBackup("drop", "shop", BackupPhase.Available);
        (await confirmed.RunAsync("delete", "drop")).Should().Be(0);
        confirmed.Api.Deleted.Should().Equal("drop");

        var yes = new CliHarness();
        yes.Api.AddBackup("drop", "shop", BackupPhase.Available);
        (await yes.RunAsync("delete", "drop", "--yes")).Should().Be(0);
        yes.Output.Should().Contain("backup.backup.platform.dev/drop deleted");
    }

    [Fact]
    public async Task List_prints_a_table_newest_first_and_json_and_yaml_lists()
    {
        var cli = new CliHarness();
        cli.Api.AddBackup("old", "shop", BackupPhase.Available, created: new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));
        cli.Api.AddBackup("new", "shop", BackupPhase.Error, created: new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero), reason: "DropletNotFound");

        (await cli.RunAsync("list")).Should().Be(0);
        cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("   ")[0]).Should().Equal("NAME", "new", "old");
        cli.Output.Should().Contain("Error (DropletNotFound)");

        var json = new CliHarness();
        json.Api.AddBackup("old", "shop", BackupPhase.Available);
        (await json.RunAsync("list", "-o", "json")).Should().Be(0);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        document.RootElement.GetProperty("items")[0].GetProperty("status").GetProperty("phase").GetString().Should().Be("Available");

        var yaml = new CliHarness();
        yaml.Api.AddBackup("old", "shop", BackupPhase.Available);
        (await yaml.RunAsync("list", "-o", "yaml")).Should().Be(0);
        yaml.Output.Should().StartWith("apiVersion: v1\nkind: List\nitems:\n- apiVersion: backup.platform.dev/v1alpha1\n  kind: Backup\n");
    }

    [Fact]
    public async Task A_missing_operator_is_said_in_words_with_its_exit_code_and_no_stack_trace()
    {
        var cli = new CliHarness();
        cli.Api.Failure = ApiErrorTranslator.NotInstalled();

        (await cli.RunAsync("list")).Should().Be(ExitCodes.NotInstalled);

        cli.Error.Should().StartWith("error: the Backups operator is not installed in this cluster");
        cli.Error.Should().NotContain("   at ");
    }

    [Fact]
    public async Task Status_prints_the_card()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);
        cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);

        (await cli.RunAsync("status", "shop")).Should().Be(0);

        cli.Output.Should().Contain("shop (team-a)").And.Contain("0 3 * * * in UTC").And.Contain("1 of 20 used, 19 left");
    }

    [Fact]
    public async Task Describe_shows_the_digitalocean_ids_conditions_and_events_of_a_backup()
    {
        var cli = new CliHarness();
        var backup = cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);
        backup.Status!.SnapshotName = "team-a-shop-1-0a1b2c3d";
        backup.Status.ActionId = 42;
        backup.Status.Conditions = [new Condition { Type = "Ready", Status = "True", Reason = "Completed", Message = "snapshot 1001 is available", LastTransitionTime = cli.Time.GetUtcNow().AddMinutes(-5) }];
        cli.Api.Events.Add(new k8s.Models.Corev1Event
        {
            InvolvedObject = new k8s.Models.V1ObjectReference { Kind = "Backup", Name = "shop-1" },
            Type = "Normal", Reason = "SnapshotCompleted", Message = "done", LastTimestamp = cli.Time.GetUtcNow().AddMinutes(-5).UtcDateTime,
        });

        (await cli.RunAsync("describe", "shop-1")).Should().Be(0);

        cli.Output.Should().ContainAll("Backup shop-1 (namespace team-a)", "Snapshot id:", "1001", "team-a-shop-1-0a1b2c3d", "Action id:", "42",
            "Ready", "Completed", "5m", "snapshot 1001 is available", "SnapshotCompleted");
    }
}
