namespace Backups.Operator.Hosting;

/// <summary>
/// <c>--log-format text|json</c> and <c>--log-level</c>: one console logger, either single-line text (a terminal) or one
/// JSON object per line with UTC timestamps and scopes (log collectors in a cluster). The level is the default minimum
/// level (<c>Logging:LogLevel:Default</c>); finer per-category levels still come from configuration.
/// </summary>
public static class OperatorLogging
{
    public const string FormatKey = "Logging:Format";

    public const string LevelKey = "Logging:LogLevel:Default";

    public const string Text = "text";

    public const string Json = "json";

    /// <summary>The levels <c>--log-level</c> accepts.</summary>
    public static IReadOnlyList<string> Levels { get; } = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    /// <summary>An error message when a logging flag has a value the operator does not know, else null.</summary>
    public static string? Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var format = configuration[FormatKey];
        if (format is not null && !string.Equals(format, Text, StringComparison.OrdinalIgnoreCase) && !string.Equals(format, Json, StringComparison.OrdinalIgnoreCase))
        {
            return $"--log-format must be '{Text}' or '{Json}' (got '{format}').";
        }

        var level = configuration[LevelKey];
        if (level is not null && !Levels.Contains(level, StringComparer.OrdinalIgnoreCase))
        {
            return $"--log-level must be one of {string.Join(", ", Levels)} (got '{level}').";
        }

        return null;
    }

    /// <summary>Replaces the logging providers with the console logger in the configured format.</summary>
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        logging.ClearProviders();
        if (string.Equals(configuration[FormatKey], Json, StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            return;
        }

        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
    }
}
