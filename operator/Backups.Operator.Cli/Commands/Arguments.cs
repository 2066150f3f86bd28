using System.CommandLine;
using Backups.Operator.Cli.Completion;

namespace Backups.Operator.Cli.Commands;

/// <summary>The name arguments of the commands, each completing the names of its kind from the cluster.</summary>
public static class Arguments
{
    public static Argument<string> Policy(NameCompleter completer, bool required)
    {
        ArgumentNullException.ThrowIfNull(completer);
        var argument = new Argument<string>("POLICY")
        {
            Description = "A BackupPolicy (one per deployment)" + (required ? string.Empty : "; all of the namespace when left out"),
            Arity = required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
        };
        argument.CompletionSources.Add(completer.Policies);
        return argument;
    }

    public static Argument<string> Backup(NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(completer);
        var argument = new Argument<string>("BACKUP") { Description = "A Backup's name" };
        argument.CompletionSources.Add(completer.Backups);
        return argument;
    }

    public static Argument<string[]> Backups(NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(completer);
        var argument = new Argument<string[]>("BACKUP") { Description = "One or more Backups' names", Arity = ArgumentArity.OneOrMore };
        argument.CompletionSources.Add(completer.Backups);
        return argument;
    }

    public static Option<TimeSpan> Timeout(TimeSpan defaultValue) => new("--timeout")
    {
        Description = $"How long --wait waits at most (default {defaultValue.TotalMinutes:0}m); the operation goes on after that",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => DurationArgument.Parse(result),
    };

    public static Option<bool> Wait(string what) => new("--wait") { Description = what };
}
