using Microsoft.Extensions.Logging;

namespace Backups.Operator.Controllers.Backups;

/// <summary>Log messages of the Backup controller. Tokens never appear (only the client's opaque token label).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Backup {Namespace}/{Name}: phase {From} -> {To} ({Reason})")]
    public static partial void PhaseChanged(ILogger logger, string @namespace, string name, string from, string to, string? reason);

    [LoggerMessage(2, LogLevel.Information, "Backup {Namespace}/{Name}: snapshot {SnapshotName} requested on droplet {DropletId}, action {ActionId}")]
    public static partial void SnapshotRequested(ILogger logger, string @namespace, string name, string snapshotName, long dropletId, long actionId);

    [LoggerMessage(3, LogLevel.Warning, "Backup {Namespace}/{Name}: the snapshot request for {SnapshotName} has an unknown outcome ({Kind}); looking for it instead of requesting again")]
    public static partial void SnapshotRequestAmbiguous(ILogger logger, string @namespace, string name, string snapshotName, string kind);

    [LoggerMessage(4, LogLevel.Information, "Backup {Namespace}/{Name}: adopted action {ActionId} / snapshot {SnapshotId} of {SnapshotName}")]
    public static partial void Adopted(ILogger logger, string @namespace, string name, string snapshotName, long? actionId, string? snapshotId);

    [LoggerMessage(5, LogLevel.Debug, "Backup {Namespace}/{Name}: next check in {DelaySeconds} s ({Why})")]
    public static partial void Requeue(ILogger logger, string @namespace, string name, double delaySeconds, string why);

    [LoggerMessage(6, LogLevel.Warning, "Backup {Namespace}/{Name}: deleting snapshot failed: {Message}")]
    public static partial void DeletionFailed(ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(7, LogLevel.Information, "Backup {Namespace}/{Name}: finalizer removed ({Outcome}, cause {Cause})")]
    public static partial void FinalizerRemoved(ILogger logger, string @namespace, string name, string outcome, string cause);
}
