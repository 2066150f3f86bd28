namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>
/// A reconcile error that retrying cannot fix (e.g. an invalid spec): the key is not requeued, and the error is counted in
/// <c>controller_runtime_terminal_reconcile_errors_total</c>. A later change of the object triggers a new reconcile.
/// </summary>
public sealed class TerminalException : Exception
{
    public TerminalException(string message)
        : base(message)
    {
    }

    public TerminalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
