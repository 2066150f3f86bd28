using Spectre.Console;
using Backups.Operator.Cli.Terminal;

namespace Backups.Operator.Cli.Tests.Terminal;

public sealed class ColorPolicyTests
{
    [Fact]
    public void Colours_only_on_a_terminal_without_NO_COLOR_and_not_on_a_dumb_terminal()
    {
        ColorPolicy.UseColors(true, new Dictionary<string, string?>()).Should().BeTrue();
        ColorPolicy.UseColors(false, new Dictionary<string, string?>()).Should().BeFalse("a pipe or a file gets no escape codes");
        ColorPolicy.UseColors(true, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }).Should().BeFalse();
        ColorPolicy.UseColors(true, new Dictionary<string, string?> { ["NO_COLOR"] = "" }).Should().BeTrue("no-color.org: only a non-empty value counts");
        ColorPolicy.UseColors(true, new Dictionary<string, string?> { ["TERM"] = "dumb" }).Should().BeFalse();
    }

    [Fact]
    public void A_console_without_colours_writes_no_escape_codes()
    {
        var writer = new StringWriter();
        var console = Cli.Terminal.Terminal.Create(writer, colors: false, interactive: false);

        console.MarkupLine("[red]error:[/] [bold]x[/]");

        writer.ToString().Should().Be("error: x" + Environment.NewLine);
    }
}
