namespace Backups.Operator.Cli.Terminal;

/// <summary>
/// Whether to write colours: only to a terminal, never with <c>NO_COLOR</c> set to a non-empty value or <c>TERM=dumb</c>
/// (docs/kubectl-plugin.md, "Colours").
/// </summary>
public static class ColorPolicy
{
    public static bool UseColors(bool outputIsTerminal, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!outputIsTerminal)
        {
            return false;
        }

        if (environment.TryGetValue("NO_COLOR", out var noColor) && !string.IsNullOrEmpty(noColor))
        {
            return false;
        }

        return !(environment.TryGetValue("TERM", out var term) && term == "dumb");
    }
}
