using System.CommandLine;
using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Formatting;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary><c>kubectl backup list [POLICY] [-o table|wide|json|yaml]</c>: the backups, newest first.</summary>
public static class ListCommand
{
    /// <summary>The formats of <c>-o</c>.</summary>
    public static readonly string[] Formats = ["table", "wide", "json", "yaml"];

    public static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "table (default), wide (adds policy, droplet, snapshot id, deletion policy, message), json or yaml",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong(Formats);
        return option;
    }

    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var policy = Arguments.Policy(completer, required: false);
        var output = OutputOption();
        var command = new Command("list", "The backups: name, status, type, date, size and expiry (Error rows with their reason)") { policy, output };
        command.Aliases.Add("ls");
        runner.Handle(command, async (parse, api, token) =>
        {
            var name = parse.GetValue(policy);
            if (name is not null && await api.GetPolicyAsync(name, token).ConfigureAwait(false) is null)
            {
                throw ApiErrorTranslator.NotFound(ResourceKinds.Policy, name, api.Namespace);
            }

            var now = runner.Services.Time.GetUtcNow();
            var backups = (await api.ListBackupsAsync(name, token).ConfigureAwait(false))
                .Select(b => (Backup: b, Row: BackupRow.From(b, now)))
                .OrderByDescending(x => x.Row.SortTime).ThenBy(x => x.Row.Name, StringComparer.Ordinal)
                .ToList();
            var terminal = runner.Services.Terminal;
            switch (parse.GetValue(output))
            {
                case "json":
                    terminal.Output.Profile.Out.Writer.WriteLine(ResourceOutput.Json(Clean(backups.Select(x => x.Backup))));
                    return ExitCodes.Success;
                case "yaml":
                    terminal.Output.Profile.Out.Writer.Write(ResourceOutput.Yaml(Clean(backups.Select(x => x.Backup))));
                    return ExitCodes.Success;
            }

            if (backups.Count == 0)
            {
                terminal.Error.WriteLine($"No backups in namespace {api.Namespace}{(name is null ? string.Empty : $" for policy {name}")}.");
                return ExitCodes.Success;
            }

            var wide = parse.GetValue(output) == "wide";
            Write(terminal.Output, BackupRow.Headers(wide), backups.Select(x => x.Row), wide);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The table with the status column coloured (when the console has colours).</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<string> headers, IEnumerable<BackupRow> rows, bool wide)
    {
        ArgumentNullException.ThrowIfNull(console);
        var list = rows.ToList();
        var lines = ColumnTable.Layout(headers, list.Select(r => r.Cells(wide)));
        for (var i = 0; i < lines.Count; i++)
        {
            var cells = lines[i];
            var phase = i == 0 ? null : list[i - 1].Phase;
            var text = string.Concat(cells.Select((cell, c) => c == 1 ? Colour(Markup.Escape(cell), phase, header: i == 0) : Markup.Escape(cell)));
            console.MarkupLine(text.TrimEnd());
        }
    }

    private static string Colour(string cell, BackupPhase? phase, bool header) => header ? cell : phase switch
    {
        BackupPhase.Available => $"[green]{cell}[/]",
        BackupPhase.Error => $"[red]{cell}[/]",
        BackupPhase.Creating or BackupPhase.Restoring => $"[yellow]{cell}[/]",
        BackupPhase.Deleting => $"[grey]{cell}[/]",
        _ => cell,
    };

    /// <summary>The objects as kubectl prints them: without managedFields.</summary>
    public static IReadOnlyList<T> Clean<T>(IEnumerable<T> items)
        where T : k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
    {
        var list = items.ToList();
        list.ForEach(i => i.Metadata.ManagedFields = null);
        return list;
    }
}
