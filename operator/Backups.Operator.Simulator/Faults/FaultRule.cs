namespace Backups.Operator.Simulator.Faults;

/// <summary>
/// A fault to inject into API requests of one operation (or <c>*</c>), optionally only for one droplet, a number of times
/// (<see cref="Count"/>; null = until removed) and/or with a probability.
/// <see cref="AfterCommit"/> applies an <see cref="FaultKind.HttpError"/>, <see cref="FaultKind.Slow"/> or
/// <see cref="FaultKind.DropConnection"/> after the request took effect (for example the snapshot action exists but the
/// client sees a 500): the ambiguous case.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Assigned when the rule is added.</summary>
    public int Id { get; init; }

    /// <summary>An operation name (see the README: <c>snapshot_droplet</c>, <c>get_action</c>, …) or <c>*</c>.</summary>
    public string Operation { get; init; } = "*";

    public FaultKind Kind { get; init; }

    /// <summary>How many more requests it hits; null = every matching request until removed.</summary>
    public int? Count { get; init; }

    /// <summary>The chance (0..1] that a matching request is hit.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>Status for <see cref="FaultKind.HttpError"/> (500..599).</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>Delay for <see cref="FaultKind.Slow"/>.</summary>
    public double DelaySeconds { get; init; } = 30;

    /// <summary><c>retry-after</c> for <see cref="FaultKind.RateLimit"/>.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Only requests about this droplet.</summary>
    public long? DropletId { get; init; }

    /// <summary>Apply the fault after the request took effect.</summary>
    public bool AfterCommit { get; init; }
}
