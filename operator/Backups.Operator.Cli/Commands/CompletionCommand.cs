using System.CommandLine;
using Backups.Operator.Cli.Completion;

namespace Backups.Operator.Cli.Commands;

/// <summary><c>kubectl backup completion bash|zsh</c>: prints the shell's completion script.</summary>
public static class CompletionCommand
{
    public static Command Build(CliServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the completion script for bash or zsh: source <(kubectl-backup completion bash)") { shell };
        command.SetAction(parse =>
        {
            services.Terminal.Output.Profile.Out.Writer.Write(parse.GetValue(shell) == "zsh" ? CompletionScripts.Zsh : CompletionScripts.Bash);
            return ExitCodes.Success;
        });
        return command;
    }
}
