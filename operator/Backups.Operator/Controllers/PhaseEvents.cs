namespace Backups.Operator.Controllers;

/// <summary>
/// The events of a phase kind: the phase whose Ready condition is True and the event reasons of its two ends
/// (other phases record an event named after the phase).
/// </summary>
/// <param name="Succeeded">The phase that ends well (Ready=True).</param>
/// <param name="SucceededReason">The event reason when it is reached.</param>
/// <param name="Failed">The phase that ends badly (a Warning event).</param>
/// <param name="FailedReason">The event reason when it is reached.</param>
internal sealed record PhaseEvents<TPhase>(TPhase Succeeded, string SucceededReason, TPhase Failed, string FailedReason)
    where TPhase : struct, Enum;
