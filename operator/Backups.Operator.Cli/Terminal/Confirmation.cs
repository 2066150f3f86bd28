using Spectre.Console;

namespace Backups.Operator.Cli.Terminal;

/// <summary>
/// Asks the person to confirm on the terminal: a typed droplet id for a restore, yes/no for a delete. Reads one line
/// from stdin, so a pipe (<c>echo 3164444 | kubectl backup restore …</c>) works too; end of input is a "no".
/// </summary>
public static class Confirmation
{
    /// <summary>Asks for the droplet id; true only when the typed text is exactly <paramref name="dropletId"/>.</summary>
    public static bool DropletId(Terminal terminal, long dropletId)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        terminal.Output.Markup($"Type the droplet id [bold]{dropletId}[/] to confirm: ");
        var typed = terminal.Input.ReadLine();
        if (!terminal.Interactive)
        {
            terminal.Output.WriteLine();
        }

        return typed is not null && typed.Trim() == dropletId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Asks a yes/no question (default no); true for y or yes.</summary>
    public static bool YesNo(Terminal terminal, string question)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        terminal.Output.Markup($"{Markup.Escape(question)} [[y/N]] ");
        var typed = terminal.Input.ReadLine();
        if (!terminal.Interactive)
        {
            terminal.Output.WriteLine();
        }

        return typed?.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
