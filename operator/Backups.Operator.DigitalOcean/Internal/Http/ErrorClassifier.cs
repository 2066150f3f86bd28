using System.Net;
using System.Text.Json;
using Backups.Operator.DigitalOcean.Internal.Json;
using Backups.Operator.DigitalOcean.Results;

namespace Backups.Operator.DigitalOcean.Internal.Http;

/// <summary>Maps a non-2xx response to a <see cref="DoResultKind"/> and a <see cref="DoError"/> (by status code first, then message).</summary>
internal static class ErrorClassifier
{
    private const string PendingEventMessage = "pending event";

    public static DoResultKind Classify(int statusCode, string? message, bool idempotent) => statusCode switch
    {
        (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => DoResultKind.Unauthorized,
        (int)HttpStatusCode.NotFound => DoResultKind.NotFound,
        (int)HttpStatusCode.UnprocessableEntity when message?.Contains(PendingEventMessage, StringComparison.OrdinalIgnoreCase) == true => DoResultKind.PendingEvent,
        (int)HttpStatusCode.TooManyRequests => DoResultKind.RateLimited,
        (int)HttpStatusCode.RequestTimeout => DoResultKind.Transient,
        (int)HttpStatusCode.NotImplemented => DoResultKind.InvalidRequest,
        >= 500 => idempotent ? DoResultKind.Transient : DoResultKind.Ambiguous,
        >= 400 => DoResultKind.InvalidRequest,
        _ => idempotent ? DoResultKind.Transient : DoResultKind.Ambiguous,
    };

    public static DoError ParseError(int statusCode, string body, string? reasonPhrase, string? requestIdHeader)
    {
        ErrorBody? parsed = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                parsed = JsonSerializer.Deserialize<ErrorBody>(body, DigitalOceanJson.Options);
            }
            catch (JsonException)
            {
                parsed = null;
            }
        }

        var message = parsed?.Message;
        if (string.IsNullOrWhiteSpace(message))
        {
            message = string.IsNullOrWhiteSpace(reasonPhrase) ? $"HTTP {statusCode}" : reasonPhrase;
        }

        return new DoError(statusCode, parsed?.Id, message, parsed?.RequestId ?? requestIdHeader);
    }
}
