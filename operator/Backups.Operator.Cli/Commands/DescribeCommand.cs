using System.CommandLine;
using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Formatting;
using k8s.Models;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary><c>kubectl backup describe BACKUP|POLICY|RESTORE</c>: the object's fields, the DigitalOcean ids, conditions and events.</summary>
public static class DescribeCommand
{
    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(completer);
        var target = new Argument<string>("NAME") { Description = "A Backup, BackupPolicy or BackupRestore; prefix with backup/, policy/ or restore/ when names collide" };
        target.CompletionSources.Add(c => [.. completer.Backups(c), .. completer.Policies(c), .. completer.Restores(c)]);
        var command = new Command("describe", "Show a backup, policy or restore in detail: DigitalOcean ids, conditions and events") { target };
        runner.Handle(command, async (parse, api, token) =>
        {
            var (kind, name) = ParseTarget(parse.GetValue(target)!);
            var now = runner.Services.Time.GetUtcNow();
            var lines = new List<(string, string)>();
            List<Condition>? conditions = null;
            string? resolvedKind = null;
            if (kind is null or "backup" && await api.GetBackupAsync(name, token).ConfigureAwait(false) is { } backup)
            {
                (resolvedKind, conditions) = (ResourceKinds.Backup.Kind, backup.Status?.Conditions);
                lines.AddRange(BackupFields(backup, now));
            }
            else if (kind is null or "policy" && await api.GetPolicyAsync(name, token).ConfigureAwait(false) is { } policy)
            {
                (resolvedKind, conditions) = (ResourceKinds.Policy.Kind, policy.Status?.Conditions);
                var card = PolicyCard.Of(policy, await api.ListBackupsAsync(name, token).ConfigureAwait(false), now);
                lines.AddRange(card.Lines.Select(l => (l.Label, l.Value)));
            }
            else if (kind is null or "restore" && await api.GetRestoreAsync(name, token).ConfigureAwait(false) is { } restore)
            {
                (resolvedKind, conditions) = (ResourceKinds.Restore.Kind, restore.Status?.Conditions);
                lines.AddRange(RestoreFields(restore));
            }

            if (resolvedKind is null)
            {
                throw new CliException(ExitCodes.NotFound, $"no backup, policy or restore named \"{name}\" in namespace {api.Namespace}",
                    $"list them with: kubectl backup list -n {api.Namespace}");
            }

            var output = runner.Services.Terminal.Output;
            output.MarkupLine($"[bold]{resolvedKind}[/] {Markup.Escape(name)} (namespace {Markup.Escape(api.Namespace)})");
            WriteFields(output, lines);
            output.WriteLine();
            output.MarkupLine("[bold]Conditions[/]");
            WriteTable(output, ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
                (conditions ?? []).Select(c => (IReadOnlyList<string>)[c.Type, c.Status, c.Reason, Humanize.Age(c.LastTransitionTime, now), c.Message]));
            output.WriteLine();
            output.MarkupLine("[bold]Events[/]");
            var events = await api.EventsAsync(resolvedKind, name, token).ConfigureAwait(false);
            WriteTable(output, ["TYPE", "REASON", "AGE", "MESSAGE"], events.Select(e => (IReadOnlyList<string>)
                [e.Type ?? string.Empty, e.Reason ?? string.Empty, Humanize.Age(When(e), now) + (e.Count > 1 ? $" (x{e.Count})" : string.Empty), e.Message ?? string.Empty]));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>backup/NAME</c>, <c>policy/NAME</c>, <c>restore/NAME</c> (kubectl's kind names and short names too), or a bare name.</summary>
    public static (string? Kind, string Name) ParseTarget(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, text);
        }

        var kind = text[..slash].ToLowerInvariant() switch
        {
            "backup" or "backups" or "bk" => "backup",
            "policy" or "backuppolicy" or "backuppolicies" or "bkp" => "policy",
            "restore" or "backuprestore" or "backuprestores" or "bkr" => "restore",
            var other => throw new CliException(ExitCodes.Usage, $"\"{other}\" is not a kind of kubectl backup: use backup/, policy/ or restore/"),
        };
        return (kind, text[(slash + 1)..]);
    }

    /// <summary>A Backup's fields, DigitalOcean ids included.</summary>
    public static IEnumerable<(string, string)> BackupFields(BackupResource backup, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var row = BackupRow.From(backup, now);
        var status = backup.Status;
        yield return ("Policy", backup.Spec.PolicyName);
        yield return ("Type", row.Type);
        yield return ("Status", row.Status);
        if (!string.IsNullOrEmpty(status?.Message))
        {
            yield return ("Message", status.Message);
        }

        if (!string.IsNullOrEmpty(backup.Spec.Description))
        {
            yield return ("Description", backup.Spec.Description);
        }

        yield return ("Created", $"{Humanize.Utc(backup.CreatedAt)} ({Humanize.Age(backup.CreatedAt, now)} ago)");
        yield return ("Started", Humanize.Utc(status?.StartedAt));
        yield return ("Completed", Humanize.Utc(status?.CompletedAt));
        yield return ("Expires", status?.ExpiresAt is { } e ? $"{Humanize.Utc(e)} ({row.Expires})" : "-");
        yield return ("Size", row.Size);
        yield return ("Deletion policy", row.DeletionPolicy);
        yield return ("Droplet id", row.Droplet);
        yield return ("Snapshot id", row.SnapshotId);
        yield return ("Snapshot name", status?.SnapshotName ?? "-");
        yield return ("Action id", status?.ActionId?.ToString(CultureInfo.InvariantCulture) ?? "-");
        yield return ("Region", status?.Region ?? "-");
    }

    /// <summary>A BackupRestore's fields, DigitalOcean ids included.</summary>
    public static IEnumerable<(string, string)> RestoreFields(RestoreResource restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var status = restore.Status;
        yield return ("Backup", restore.Spec.BackupName);
        yield return ("Status", status?.Phase?.ToString() ?? "Pending");
        if (!string.IsNullOrEmpty(status?.Message))
        {
            yield return ("Message", status.Message);
        }

        yield return ("Safety backup", restore.Spec.PreRestoreBackup == false ? "none (preRestoreBackup: false)" : status?.SafetyBackupName ?? "(not yet)");
        yield return ("Started", Humanize.Utc(status?.StartedAt));
        yield return ("Completed", Humanize.Utc(status?.CompletedAt));
        yield return ("Droplet id", (status?.DropletId ?? restore.Spec.ConfirmDropletId).ToString(CultureInfo.InvariantCulture));
        yield return ("Snapshot id", status?.SnapshotId ?? "-");
        yield return ("Action id", status?.ActionId?.ToString(CultureInfo.InvariantCulture) ?? "-");
    }

    private static DateTimeOffset? When(Corev1Event e)
    {
        var time = e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp;
        return time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
    }

    private static void WriteFields(IAnsiConsole output, IReadOnlyList<(string Label, string Value)> lines)
    {
        var width = lines.Count == 0 ? 0 : lines.Max(l => l.Label.Length) + 1;
        foreach (var (label, value) in lines)
        {
            output.WriteLine($"  {(label + ":").PadRight(width)}  {value}");
        }
    }

    private static void WriteTable(IAnsiConsole output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            output.WriteLine("  <none>");
            return;
        }

        foreach (var line in ColumnTable.Render(headers, list).Split('\n'))
        {
            output.WriteLine("  " + line);
        }
    }
}
