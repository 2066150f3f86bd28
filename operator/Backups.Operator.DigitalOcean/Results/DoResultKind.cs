namespace Backups.Operator.DigitalOcean.Results;

/// <summary>What happened to a call, in the terms a reconciler acts on.</summary>
public enum DoResultKind
{
    /// <summary>Success; <see cref="DoResult{T}.Value"/> is set.</summary>
    Ok,

    /// <summary>404: the resource does not exist or is not visible to this token.</summary>
    NotFound,

    /// <summary>401 or 403: the token is unknown, revoked or lacks a scope.</summary>
    Unauthorized,

    /// <summary>422 "Droplet already has a pending event.": wait and try again; the request was not accepted.</summary>
    PendingEvent,

    /// <summary>429, or the token's budget cannot give a slot within the allowed wait: retry after <see cref="DoResult{T}.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>5xx, timeout, connection failure or an unreadable body on a call that is safe to repeat (retries were used up).</summary>
    Transient,

    /// <summary>400, other 422s and other 4xx: the request itself is wrong; repeating it will not help.</summary>
    InvalidRequest,

    /// <summary>A snapshot or rebuild POST whose outcome is unknown (5xx, timeout or dropped connection after it was sent):
    /// the action may exist. Never re-POST blindly: look for it first (recent actions, snapshot by name).</summary>
    Ambiguous,
}
