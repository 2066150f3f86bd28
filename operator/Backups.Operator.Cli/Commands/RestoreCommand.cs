using System.CommandLine;
using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Formatting;
using Backups.Operator.Cli.Terminal;
using Backups.Operator.Cli.Waiting;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary>
/// <c>kubectl backup restore BACKUP</c>: shows what will be replaced, asks for the droplet id to be typed (or takes
/// <c>--confirm-droplet-id</c>), then creates a BackupRestore; <c>--wait</c> follows BackingUp → Restoring → Succeeded/Failed.
/// </summary>
public static class RestoreCommand
{
    /// <summary>How long <c>--wait</c> waits by default: a safety backup and a rebuild.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(60);

    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var backup = Arguments.Backup(completer);
        var confirm = new Option<long?>("--confirm-droplet-id") { Description = "The backup's droplet id, instead of typing it at the prompt" };
        var noSafety = new Option<bool>("--no-safety-backup") { Description = "Do not take a safety backup of the droplet first (the restore cannot be undone)" };
        var wait = Arguments.Wait("Wait until the restore Succeeded (or Failed), with a live progress line");
        var timeout = Arguments.Timeout(DefaultTimeout);
        var command = new Command("restore", "Restore a backup onto its droplet, replacing all data on it") { backup, confirm, noSafety, wait, timeout };
        runner.Handle(command, async (parse, api, token) =>
        {
            var terminal = runner.Services.Terminal;
            var name = parse.GetValue(backup)!;
            var found = await api.GetBackupAsync(name, token).ConfigureAwait(false)
                ?? throw ApiErrorTranslator.NotFound(ResourceKinds.Backup, name, api.Namespace);
            if (found.Status?.Phase != BackupPhase.Available)
            {
                throw new CliException(ExitCodes.Refused, $"backup {name} is {found.Status?.Phase?.ToString() ?? "not reconciled yet"}: only an Available backup can be restored",
                    found.Status?.Phase == BackupPhase.Creating ? $"wait for it: kubectl backup list {found.Spec.PolicyName}" : null);
            }

            var dropletId = found.Status.DropletId
                ?? (await api.GetPolicyAsync(found.Spec.PolicyName, token).ConfigureAwait(false))?.Spec.DropletId
                ?? throw new CliException(ExitCodes.Failed, $"backup {name} names no droplet and its policy {found.Spec.PolicyName} is gone");
            var safety = !parse.GetValue(noSafety);
            foreach (var line in Summary(found, dropletId, safety))
            {
                terminal.Output.MarkupLine(line);
            }

            var given = parse.GetValue(confirm);
            var confirmed = given is { } id ? id == dropletId : Confirmation.DropletId(terminal, dropletId);
            if (!confirmed)
            {
                throw new CliException(ExitCodes.Aborted,
                    given is { } wrong
                        ? $"--confirm-droplet-id {wrong} does not match droplet {dropletId}: nothing was changed"
                        : $"the typed id does not match droplet {dropletId}: nothing was changed");
            }

            var created = await api.CreateRestoreAsync(new RestoreResource
            {
                Metadata = new k8s.Models.V1ObjectMeta { GenerateName = GeneratedPrefix(name) },
                Spec = new BackupRestoreSpec { BackupName = name, ConfirmDropletId = dropletId, PreRestoreBackup = safety },
            }, token).ConfigureAwait(false);
            terminal.Output.WriteLine($"backuprestore.backup.platform.dev/{created.Name} created");
            if (!parse.GetValue(wait))
            {
                terminal.Output.WriteLine($"Follow it with: kubectl backup describe {created.Name} -n {api.Namespace}");
                return ExitCodes.Success;
            }

            var waiter = new PhaseWaiter(terminal, runner.Services.Time);
            var last = await waiter.WaitAsync(
                async t => await api.GetRestoreAsync(created.Name, t).ConfigureAwait(false),
                r => r is null || ProgressText.RestoreDone(r.Status),
                (r, elapsed) => ProgressText.Restore(r?.Status, dropletId, elapsed),
                parse.GetValue(timeout), $"restore {created.Name}", token).ConfigureAwait(false);
            return last?.Status?.Phase == RestorePhase.Succeeded
                ? ExitCodes.Success
                : throw new CliException(ExitCodes.Failed, $"restore {created.Name} {last?.Status?.Phase?.ToString() ?? "was deleted"}: {last?.Status?.Message}",
                    $"see kubectl backup describe {created.Name}");
        });
        return command;
    }

    /// <summary>What the restore replaces, as markup lines: the droplet, the backup's date, the data that will be lost, the safety backup.</summary>
    public static IReadOnlyList<string> Summary(BackupResource backup, long dropletId, bool safetyBackup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var status = backup.Status;
        var date = Humanize.Utc(status?.CompletedAt ?? status?.StartedAt ?? backup.CreatedAt);
        var droplet = dropletId.ToString(CultureInfo.InvariantCulture);
        var details = string.Join(", ", new[] { (backup.Spec.Type ?? BackupType.Manual).ToString(), date, Humanize.Size(status?.SizeGigabytes) }
            .Where(s => s != "-"));
        return
        [
            $"Restore droplet [bold]{droplet}[/] from backup [bold]{Markup.Escape(backup.Name)}[/] ({Markup.Escape(details)}).",
            $"[red]All data written to droplet {droplet} since {Markup.Escape(date)} will be lost.[/]",
            safetyBackup
                ? "A safety backup of the droplet is taken first; restore it to undo this restore."
                : "[yellow]No safety backup (--no-safety-backup): this restore cannot be undone.[/]",
        ];
    }

    /// <summary><c>&lt;backup&gt;-restore-</c>, shortened so the generated name (and its <c>-pre-restore</c> safety backup) fits.</summary>
    public static string GeneratedPrefix(string backupName)
    {
        ArgumentNullException.ThrowIfNull(backupName);
        const string Suffix = "-restore-";
        var room = 63 - 5 - Suffix.Length;
        return (backupName.Length > room ? backupName[..room].TrimEnd('-', '.') : backupName) + Suffix;
    }
}
