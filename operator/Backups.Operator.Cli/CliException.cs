namespace Backups.Operator.Cli;

/// <summary>An error meant for the person at the terminal: a message, an optional hint, and the exit code.</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message, string? hint = null)
        : base(message)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    public CliException()
        : this(ExitCodes.Failed, "failed")
    {
    }

    public CliException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failed;
    }

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>What to do about it, e.g. the flag to pass.</summary>
    public string? Hint { get; }
}
