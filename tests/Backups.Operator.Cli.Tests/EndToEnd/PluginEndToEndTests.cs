using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Cli.Tests.EndToEnd;

/// <summary>
/// The built plugin as a process against the local API server, the DigitalOcean simulator and the operator
/// (<see cref="PluginStack"/>): create --wait reaches Available, a restore with the typed droplet id succeeds and with
/// a wrong one changes nothing, delete --yes removes the snapshot, and the prompt works on a real terminal (tmux).
/// Real time: the simulator finishes an action in about a second; the operator polls at the expected end.
/// </summary>
[Collection(nameof(PluginEndToEndTests))]
public sealed class PluginEndToEndTests(PluginStack fixture, ITestOutputHelper output) : IClassFixture<PluginStack>
{
    private LocalStack Stack => fixture.Stack;

    [Fact]
    public async Task Create_with_wait_reaches_available_with_a_progress_line_and_a_snapshot_in_digitalocean()
    {
        var result = await fixture.CreateAvailableBackupAsync("e2e-create");
        output.WriteLine(result.ToString());

        result.Output.Should().StartWith("backup.backup.platform.dev/e2e-create created");
        result.Output.Should().Contain("Creating… ").And.Contain("(a backup usually takes 2–10 minutes)").And.MatchRegex(@"Available after \d+:\d\d \(\d+\.\d\d GB\)");
        result.Output.Should().NotContain("\u001b[", "the output is not a terminal: no escape codes");
        var snapshotId = await fixture.SnapshotIdAsync("e2e-create");
        (await Stack.Simulator.SnapshotsAsync(PluginStack.TeamA)).Select(s => s.GetProperty("id").ToString()).Should().Contain(snapshotId);
    }

    [Fact]
    public async Task Restore_with_a_wrong_typed_droplet_id_changes_nothing_and_with_the_right_one_restores_the_data()
    {
        await fixture.CreateAvailableBackupAsync("e2e-restore");
        var backedUp = await Stack.Simulator.DataVersionAsync(PluginStack.ShopDropletId);
        await Stack.Simulator.SetDataVersionAsync(PluginStack.ShopDropletId, "shop-broken");
        var restoresBefore = await fixture.RestoresAsync();

        var wrong = await fixture.PluginAsync("3164445\n", "restore", "e2e-restore", "--wait");
        output.WriteLine(wrong.ToString());
        wrong.ExitCode.Should().Be(ExitCodes.Aborted, wrong.ToString());
        wrong.Output.Should().Contain("All data written to droplet 3164444 since").And.Contain("Type the droplet id 3164444 to confirm:");
        wrong.Error.Should().Contain("the typed id does not match droplet 3164444: nothing was changed");
        (await fixture.RestoresAsync()).Should().Equal(restoresBefore, "no BackupRestore is created");
        (await Stack.Simulator.DataVersionAsync(PluginStack.ShopDropletId)).Should().Be("shop-broken");

        var right = await fixture.PluginAsync("3164444\n", "restore", "e2e-restore", "--wait", "--timeout", "4m");
        output.WriteLine(right.ToString());
        right.ExitCode.Should().Be(0, right.ToString());
        right.Output.Should().MatchRegex("backuprestore.backup.platform.dev/e2e-restore-restore-[a-z0-9]{5} created")
            .And.Contain("BackingUp… ").And.Contain("Succeeded after");
        (await Stack.Simulator.DataVersionAsync(PluginStack.ShopDropletId)).Should().Be(backedUp);
    }

    [Fact]
    public async Task Delete_with_yes_removes_the_backup_and_its_snapshot()
    {
        await fixture.CreateAvailableBackupAsync("e2e-delete");
        var snapshotId = await fixture.SnapshotIdAsync("e2e-delete");

        var result = await fixture.PluginAsync(null, "delete", "e2e-delete", "--yes", "--wait", "--timeout", "2m");
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain($"its DigitalOcean snapshot {snapshotId} is deleted too.").And.Contain("backup.backup.platform.dev/e2e-delete deleted");
        (await Stack.PhaseAsync("backup", "e2e-delete")).Should().BeEmpty("the Backup is gone");
        (await Stack.Simulator.SnapshotsAsync(PluginStack.TeamA)).Select(s => s.GetProperty("id").ToString()).Should().NotContain(snapshotId);
    }

    [Fact]
    public async Task The_restore_prompt_on_a_terminal_takes_the_typed_droplet_id()
    {
        TmuxTerminal.Binary.Should().NotBeNull("tmux is installed by `make tools` (scripts/install-tmux.sh)");
        await fixture.CreateAvailableBackupAsync("e2e-tty");
        var restoresBefore = await fixture.RestoresAsync();

        await using var terminal = await TmuxTerminal.StartAsync(Stack.Directory,
            $"'{PluginProcess.Executable}' restore e2e-tty -n team-a --kubeconfig '{Stack.Kubeconfig}' --wait --timeout 4m");
        var prompt = await Eventually.ValueAsync("the prompt on the screen", async () =>
        {
            var screen = await terminal.ScreenAsync();
            return screen.Contains("Type the droplet id 3164444 to confirm:", StringComparison.Ordinal) ? screen : null;
        }, timeout: TimeSpan.FromMinutes(1));
        output.WriteLine(prompt.TrimEnd());
        prompt.Should().Contain("Restore droplet 3164444 from backup e2e-tty").And.Contain("will be lost");
        (await fixture.RestoresAsync()).Should().Equal(restoresBefore, "nothing happens before the id is typed");

        await terminal.TypeLineAsync("3164444");
        var done = await Eventually.ValueAsync("the restore's end on the screen", async () =>
        {
            var screen = await terminal.ScreenAsync();
            return screen.Contains("[exit ", StringComparison.Ordinal) ? screen : null;
        }, timeout: TimeSpan.FromMinutes(4));
        output.WriteLine(done.TrimEnd());

        done.Should().Contain("Type the droplet id 3164444 to confirm: 3164444").And.Contain("Succeeded after").And.Contain("[exit 0]");
        (await fixture.RestoresAsync()).Should().HaveCount(restoresBefore.Count + 1);
    }
}
