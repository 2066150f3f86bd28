using Microsoft.Extensions.Logging;

namespace Backups.Operator.Credentials;

/// <summary>Log messages of credential resolution. Tokens are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "No usable DigitalOcean token for policy {Namespace}/{Policy}: {Reason}: {Message}")]
    public static partial void CredentialsUnavailable(ILogger logger, string @namespace, string policy, string? reason, string? message);

    [LoggerMessage(2, LogLevel.Debug, "Credentials Secret {Namespace}/{Secret}: finalizer {Finalizer} added")]
    public static partial void FinalizerAdded(ILogger logger, string @namespace, string secret, string finalizer);

    [LoggerMessage(3, LogLevel.Information, "Credentials Secret {Namespace}/{Secret} is no longer used by any policy or backup: finalizer {Finalizer} removed")]
    public static partial void FinalizerRemoved(ILogger logger, string @namespace, string secret, string finalizer);
}
