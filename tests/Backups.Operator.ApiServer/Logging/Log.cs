using Microsoft.Extensions.Logging;

namespace Backups.Operator.ApiServer.Logging;

/// <summary>Source-generated log messages of the local API server.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Local Kubernetes-compatible API server (test infrastructure, not Kubernetes) listening on {BaseUrl}")]
    public static partial void Listening(ILogger logger, string baseUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Kubeconfig written to {Path}")]
    public static partial void KubeconfigWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Installed CustomResourceDefinition {Name}")]
    public static partial void CrdInstalled(ILogger logger, string name);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Controller could not process a change of {ResourceKey} {Namespace}/{Name}: {Reason}")]
    public static partial void ControllerStep(ILogger logger, string resourceKey, string @namespace, string name, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Controller loop failed")]
    public static partial void ControllerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "API server restarted on {BaseUrl}; state kept, connections and watches dropped")]
    public static partial void Restarted(ILogger logger, string baseUrl);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Method} {Path} -> {Status}")]
    public static partial void Request(ILogger logger, string method, string path, int status);
}
