using Spectre.Console;

namespace Backups.Operator.Cli.Terminal;

/// <summary>
/// The process's streams as the commands use them: stdout and stderr as Spectre consoles (colours decided by
/// <see cref="ColorPolicy"/>), stdin for confirmations, and whether a person is at a terminal (live progress, prompts).
/// </summary>
public sealed class Terminal
{
    public Terminal(IAnsiConsole output, IAnsiConsole error, TextReader input, bool interactive)
    {
        Output = output;
        Error = error;
        Input = input;
        Interactive = interactive;
    }

    /// <summary>Results (tables, cards, JSON/YAML).</summary>
    public IAnsiConsole Output { get; }

    /// <summary>Errors, warnings and progress that must not mix into piped output.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Where typed confirmations come from (a terminal, or a pipe).</summary>
    public TextReader Input { get; }

    /// <summary>stdout and stdin are terminals: live progress lines redraw in place.</summary>
    public bool Interactive { get; }

    /// <summary>The terminal of this process.</summary>
    public static Terminal FromProcess(IReadOnlyDictionary<string, string?> environment)
    {
        var outColors = ColorPolicy.UseColors(!Console.IsOutputRedirected, environment);
        var errColors = ColorPolicy.UseColors(!Console.IsErrorRedirected, environment);
        return new Terminal(Create(Console.Out, outColors, !Console.IsOutputRedirected), Create(Console.Error, errColors, !Console.IsErrorRedirected),
            Console.In, interactive: !Console.IsOutputRedirected && !Console.IsInputRedirected);
    }

    /// <summary>A console on a writer: ANSI and colours only when <paramref name="colors"/>.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool colors, bool interactive, int? width = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colors ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colors ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (width is { } w)
        {
            console.Profile.Width = w;
        }
        else if (!interactive)
        {
            // Not a terminal: never wrap what goes into a pipe or a file.
            console.Profile.Width = 1000;
        }

        return console;
    }
}
