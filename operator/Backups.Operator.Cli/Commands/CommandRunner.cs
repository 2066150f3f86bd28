using System.CommandLine;
using Backups.Operator.Cli.Cluster;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary>
/// Runs a command's body with the cluster open and turns every failure into one or two lines on stderr and an exit
/// code: <c>error: …</c> and, when there is something to do about it, <c>hint: …</c>. Never a stack trace.
/// </summary>
public sealed class CommandRunner(CliServices services, GlobalOptions global)
{
    public CliServices Services => services;

    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="body"/>, run with the cluster of the parse's flags.</summary>
    public void Handle(Command command, Func<ParseResult, IBackupsApi, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult parseResult, Func<ParseResult, IBackupsApi, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        IBackupsApi? api = null;
        try
        {
            api = services.Connect(global.Read(parseResult));
            return await body(parseResult, api, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            return Report(e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            services.Terminal.Error.MarkupLine("[yellow]interrupted[/]: what was already sent to the cluster goes on.");
            return ExitCodes.Interrupted;
        }
        finally
        {
            (api as IDisposable)?.Dispose();
        }
    }

    /// <summary>Prints the error (and its hint) on stderr; returns its exit code.</summary>
    public int Report(CliException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var error = services.Terminal.Error;
        error.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
        if (exception.Hint is { } hint)
        {
            error.MarkupLine($"[grey]hint:[/] {Markup.Escape(hint)}");
        }

        return exception.ExitCode;
    }
}
