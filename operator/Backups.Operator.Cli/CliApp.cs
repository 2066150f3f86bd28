using System.CommandLine;
using System.Globalization;
using Backups.Operator.Cli.Commands;
using Backups.Operator.Cli.Completion;
using Spectre.Console;

namespace Backups.Operator.Cli;

/// <summary>The command tree of <c>kubectl backup</c> and its entry point.</summary>
public sealed class CliApp
{
    /// <summary>The hidden command shells (and kubectl's plugin completion) call: <c>__complete WORDS… CURRENT</c>.</summary>
    public const string CompleteCommand = "__complete";

    private readonly CliServices _services;
    private readonly CommandRunner _runner;

    public CliApp(CliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        var global = new GlobalOptions();
        _runner = new CommandRunner(services, global);
        var completer = new NameCompleter(services, global);
        Root = new RootCommand(Description())
        {
            StatusCommand.Build(_runner, completer),
            ListCommand.Build(_runner, completer),
            CreateCommand.Build(_runner, completer),
            RestoreCommand.Build(_runner, completer),
            VerifyCommand.Build(_runner, completer),
            DeleteCommand.Build(_runner, completer),
            DescribeCommand.Build(_runner, completer),
            CompletionCommand.Build(services),
        };
        global.AddTo(Root);
    }

    public RootCommand Root { get; }

    /// <summary>Runs the command line; returns the exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0 && args[0] == CompleteCommand)
        {
            var writer = _services.Terminal.Output.Profile.Out.Writer;
            foreach (var candidate in Complete(args.Skip(1).ToList()))
            {
                await writer.WriteLineAsync(candidate).ConfigureAwait(false);
            }

            await writer.WriteLineAsync(":4").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var parse = Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                _services.Terminal.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            _services.Terminal.Error.MarkupLine($"[grey]hint:[/] see kubectl backup {Markup.Escape(parse.CommandResult.Command.Name == Root.Name ? string.Empty : parse.CommandResult.Command.Name + " ")}--help");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _services.Terminal.Output.Profile.Out.Writer,
            Error = _services.Terminal.Error.Profile.Out.Writer,
            EnableDefaultExceptionHandler = false,
        };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The candidates for the last of <paramref name="words"/> (the word being typed, possibly empty), given the words
    /// before it; command names, options and resource names from the cluster.
    /// </summary>
    public IReadOnlyList<string> Complete(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var line = string.Join(' ', words.Select(Quote));
        if (words.Count == 0 || words[^1].Length == 0)
        {
            line = line.TrimEnd() + " ";
        }

        var parse = Root.Parse(line);
        var word = words.Count == 0 ? string.Empty : words[^1];

        // Shells expect candidates that start with the word (System.CommandLine matches anywhere in it), and no Windows forms.
        return [.. parse.GetCompletions(line.Length).Select(c => c.InsertText ?? c.Label)
            .Where(c => c.StartsWith(word, StringComparison.Ordinal) && !c.StartsWith('/') && c != "-?" && !c.StartsWith(CompleteCommand, StringComparison.Ordinal))
            .Distinct()];
    }

    private static string Quote(string word) => word.Length > 0 && !word.Any(char.IsWhiteSpace) && !word.Contains('"', StringComparison.Ordinal)
        ? word
        : "\"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Description()
    {
        var codes = string.Join('\n', ExitCodes.All.Select(c => string.Create(CultureInfo.InvariantCulture, $"  {c.Code,3}  {c.Meaning}")));
        return "kubectl backup: the Backups card of your deployments in the terminal — list, create, restore and delete\n"
            + "DigitalOcean droplet backups managed by the Backups operator.\n\nExit codes:\n" + codes;
    }
}
