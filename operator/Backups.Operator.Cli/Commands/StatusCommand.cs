using System.CommandLine;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Formatting;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary><c>kubectl backup status [POLICY]</c>: the Backups card of one policy, or of every policy of the namespace.</summary>
public static class StatusCommand
{
    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var policy = Arguments.Policy(completer, required: false);
        var command = new Command("status", "The Backups card: plan, schedule, next and last backup, counts, size, cost and the 20-backup headroom") { policy };
        runner.Handle(command, async (parse, api, token) =>
        {
            var name = parse.GetValue(policy);
            var now = runner.Services.Time.GetUtcNow();
            IReadOnlyList<PolicyResource> policies = name is null
                ? [.. (await api.ListPoliciesAsync(token).ConfigureAwait(false)).OrderBy(p => p.Name, StringComparer.Ordinal)]
                : [await api.GetPolicyAsync(name, token).ConfigureAwait(false) ?? throw ApiErrorTranslator.NotFound(ResourceKinds.Policy, name, api.Namespace)];
            if (policies.Count == 0)
            {
                runner.Services.Terminal.Error.WriteLine($"No backup policies in namespace {api.Namespace}.");
                return ExitCodes.Success;
            }

            var backups = await api.ListBackupsAsync(name, token).ConfigureAwait(false);
            foreach (var item in policies)
            {
                var card = PolicyCard.Of(item, [.. backups.Where(b => b.Spec.PolicyName == item.Name)], now);
                Render(runner.Services.Terminal.Output, card, api.Namespace);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The card as a panel with a two-column grid; warnings in yellow.</summary>
    public static void Render(IAnsiConsole console, PolicyCard card, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(card);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var line in card.Lines)
        {
            var value = Markup.Escape(line.Value);
            grid.AddRow(new Markup($"[bold]{Markup.Escape(line.Label)}[/]"), new Markup(line.Warning ? $"[yellow]{value}[/]" : value));
        }

        console.Write(new Panel(grid).Header($" {Markup.Escape(card.Name)} ({Markup.Escape(@namespace)}) ").Border(BoxBorder.Rounded));
    }
}
