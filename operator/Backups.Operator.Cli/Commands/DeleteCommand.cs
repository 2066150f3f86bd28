using System.CommandLine;
using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Formatting;
using Backups.Operator.Cli.Terminal;
using Backups.Operator.Cli.Waiting;
using Backups.Operator.Rules.Cost;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary><c>kubectl backup delete BACKUP…</c>: says whether each snapshot goes too (or is retained), confirms (or <c>--yes</c>), deletes.</summary>
public static class DeleteCommand
{
    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var backups = Arguments.Backups(completer);
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var wait = Arguments.Wait("Wait until the Backups (and their snapshots) are gone");
        var timeout = Arguments.Timeout(TimeSpan.FromMinutes(10));
        var command = new Command("delete", "Delete backups; their DigitalOcean snapshots go too unless the deletion policy is Retain") { backups, yes, wait, timeout };
        runner.Handle(command, async (parse, api, token) =>
        {
            var terminal = runner.Services.Terminal;
            var names = parse.GetValue(backups)!.Distinct(StringComparer.Ordinal).ToList();
            var found = new List<BackupResource>();
            foreach (var name in names)
            {
                found.Add(await api.GetBackupAsync(name, token).ConfigureAwait(false)
                    ?? throw ApiErrorTranslator.NotFound(ResourceKinds.Backup, name, api.Namespace));
            }

            foreach (var backup in found)
            {
                terminal.Output.MarkupLine(Markup.Escape(Consequence(backup)));
            }

            if (!parse.GetValue(yes)
                && !Confirmation.YesNo(terminal, found.Count == 1 ? $"Delete backup {found[0].Name}?" : $"Delete these {found.Count} backups?"))
            {
                throw new CliException(ExitCodes.Aborted, "not confirmed: nothing was deleted", "pass --yes to delete without a question");
            }

            foreach (var backup in found)
            {
                var deleted = await api.DeleteBackupAsync(backup.Name, token).ConfigureAwait(false);
                terminal.Output.WriteLine($"backup.backup.platform.dev/{backup.Name} {(deleted ? "deleted" : "was already gone")}");
            }

            if (parse.GetValue(wait))
            {
                var waiter = new PhaseWaiter(terminal, runner.Services.Time);
                foreach (var backup in found)
                {
                    await waiter.WaitAsync(
                        async t => await api.GetBackupAsync(backup.Name, t).ConfigureAwait(false) is null ? Gone.Value : null,
                        state => state is not null,
                        (state, elapsed) => state is null
                            ? $"Deleting {backup.Name}… {Humanize.Clock(elapsed)} elapsed"
                            : $"{backup.Name} is gone after {Humanize.Clock(elapsed)}",
                        parse.GetValue(timeout), $"backup {backup.Name} to go", token).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line per backup: what it is, and whether its snapshot is deleted or retained (and what keeping it costs).</summary>
    public static string Consequence(BackupResource backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var status = backup.Status;
        var snapshot = string.IsNullOrEmpty(status?.SnapshotId) ? "its DigitalOcean snapshot" : $"its DigitalOcean snapshot {status.SnapshotId}";
        var what = $"Backup {backup.Name} ({status?.Phase?.ToString() ?? "Pending"}, {(backup.Spec.Type ?? BackupType.Manual)}, {Humanize.Utc(status?.CompletedAt ?? backup.CreatedAt)})";
        if (string.IsNullOrEmpty(status?.SnapshotId) && status?.Phase is BackupPhase.Error)
        {
            return $"{what}: has no snapshot; only the record goes.";
        }

        return (status?.DeletionPolicy ?? backup.Spec.DeletionPolicy) == DeletionPolicy.Retain
            ? $"{what}: {snapshot} is RETAINED (deletion policy Retain) and keeps costing about "
              + $"{Humanize.Dollars(CostEstimator.SnapshotMonthlyCost(status?.SizeGigabytes, SnapshotPrice.Default))} a month."
            : $"{what}: {snapshot} is deleted too.";
    }

    /// <summary>The state of a wait for something to be gone.</summary>
    private sealed class Gone
    {
        public static readonly Gone Value = new();
    }
}
