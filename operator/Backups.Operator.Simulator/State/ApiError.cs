namespace Backups.Operator.Simulator.State;

/// <summary>A DigitalOcean error response: status code and the <c>{"id","message"}</c> body.</summary>
public sealed record ApiError(int StatusCode, string Id, string Message)
{
    public static ApiError NotFound { get; } = new(404, "not_found", "The resource you requested could not be found.");

    public static ApiError Unauthorized { get; } = new(401, "unauthorized", "Unable to authenticate you.");

    public static ApiError PendingEvent { get; } = new(422, "unprocessable_entity", "Droplet already has a pending event.");

    public static ApiError TooManyRequests { get; } = new(429, "too_many_requests", "API rate limit exceeded.");

    public static ApiError ServerError(int statusCode) => new(statusCode, statusCode == 503 ? "service_unavailable" : "server_error", "Unexpected server-side error");

    public static ApiError BadRequest(string message) => new(400, "bad_request", message);

    public static ApiError Unprocessable(string message) => new(422, "unprocessable_entity", message);
}

/// <summary>A value or the error the API answers instead.</summary>
public readonly record struct SimResult<T>(T? Value, ApiError? Error)
{
    public static implicit operator SimResult<T>(T value) => new(value, null);

    public static implicit operator SimResult<T>(ApiError error) => new(default, error);
}
