using System.Net;
using k8s;
using k8s.Autorest;

namespace Backups.Operator.Kubernetes.Client;

/// <summary>Classifies errors returned by the Kubernetes API (HTTP status or a <c>Status</c> watch event).</summary>
public static class ApiErrors
{
    public static bool IsNotFound(Exception exception) => StatusCode(exception) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception exception) => StatusCode(exception) == HttpStatusCode.Conflict && !IsAlreadyExists(exception);

    public static bool IsAlreadyExists(Exception exception) =>
        StatusCode(exception) == HttpStatusCode.Conflict && Reason(exception) is "AlreadyExists";

    /// <summary>410 Gone / reason Expired: the requested resourceVersion is too old; relist.</summary>
    public static bool IsGone(Exception exception) =>
        StatusCode(exception) == HttpStatusCode.Gone || Reason(exception) is "Expired" or "Gone";

    /// <summary>Errors worth retrying later: 429, 5xx, timeouts and transport failures.</summary>
    public static bool IsTransient(Exception exception) => StatusCode(exception) switch
    {
        HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => true,
        null => exception is HttpRequestException or IOException or TimeoutException,
        _ => false,
    };

    /// <summary>The HTTP status carried by the exception, or null when it is not an API error.</summary>
    public static HttpStatusCode? StatusCode(Exception exception) => exception switch
    {
        HttpOperationException { Response: not null } http => http.Response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    /// <summary>The <c>reason</c> of the API's Status body (e.g. AlreadyExists, Conflict, Expired), when present.</summary>
    public static string? Reason(Exception exception)
    {
        switch (exception)
        {
            case KubernetesException kubernetes:
                return kubernetes.Status?.Reason;
            case HttpOperationException { Response.Content: { Length: > 0 } content }:
                try
                {
                    using var document = System.Text.Json.JsonDocument.Parse(content);
                    return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                        && document.RootElement.TryGetProperty("reason", out var reason)
                        && reason.ValueKind == System.Text.Json.JsonValueKind.String
                        ? reason.GetString()
                        : null;
                }
                catch (System.Text.Json.JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }
}
