namespace Backups.Operator.Simulator.Faults;

/// <summary>What a fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>The action is accepted (201) but ends <c>errored</c> (snapshot and rebuild only).</summary>
    ErroredAction,

    /// <summary>An HTTP 5xx (<see cref="FaultRule.StatusCode"/>, default 500) with the real error body.</summary>
    HttpError,

    /// <summary>429 with <c>retry-after</c> (<see cref="FaultRule.RetryAfterSeconds"/>).</summary>
    RateLimit,

    /// <summary>422 "Droplet already has a pending event.".</summary>
    PendingEvent,

    /// <summary>The response is delayed by <see cref="FaultRule.DelaySeconds"/> (on the simulator's clock).</summary>
    Slow,

    /// <summary>The connection is aborted without a response.</summary>
    DropConnection,
}
