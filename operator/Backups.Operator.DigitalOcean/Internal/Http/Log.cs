using Backups.Operator.DigitalOcean.Results;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.DigitalOcean.Internal.Http;

/// <summary>The client's log messages. Tokens appear only as their opaque label.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "DigitalOcean {Operation} for {TokenLabel}: {StatusCode} in {ElapsedMs} ms")]
    public static partial void RequestCompleted(ILogger logger, string operation, string tokenLabel, int statusCode, long elapsedMs);

    [LoggerMessage(2, LogLevel.Information, "DigitalOcean {Operation} for {TokenLabel} failed: {Kind} ({StatusCode} {ErrorId}: {ErrorMessage})")]
    public static partial void RequestFailed(ILogger logger, string operation, string tokenLabel, DoResultKind kind, int? statusCode, string? errorId, string errorMessage);

    [LoggerMessage(7, LogLevel.Debug, "DigitalOcean {Operation} for {TokenLabel} failed: {Kind} ({StatusCode} {ErrorId}: {ErrorMessage}); retrying")]
    public static partial void RequestFailedWillRetry(ILogger logger, string operation, string tokenLabel, DoResultKind kind, int? statusCode, string? errorId, string errorMessage);

    [LoggerMessage(3, LogLevel.Debug, "DigitalOcean {Operation} for {TokenLabel}: retry {Attempt} after {DelayMs} ms ({Kind})")]
    public static partial void RetryScheduled(ILogger logger, string operation, string tokenLabel, int attempt, long delayMs, DoResultKind kind);

    [LoggerMessage(4, LogLevel.Warning, "DigitalOcean {Operation} for {TokenLabel} has an unknown outcome ({Reason}); it is not retried: look for the action before posting again")]
    public static partial void AmbiguousPost(ILogger logger, string operation, string tokenLabel, string reason);

    [LoggerMessage(5, LogLevel.Debug, "DigitalOcean {Operation} for {TokenLabel} ({Priority}): no free request slot; deferred {RetryAfterSeconds} s")]
    public static partial void RateLimitSlotRefused(ILogger logger, string operation, string tokenLabel, RequestPriority priority, double retryAfterSeconds);

    [LoggerMessage(6, LogLevel.Information, "DigitalOcean rate limit reached for {TokenLabel} ({Operation}); retry-after {RetryAfterSeconds} s")]
    public static partial void RateLimitedByServer(ILogger logger, string operation, string tokenLabel, double? retryAfterSeconds);
}
