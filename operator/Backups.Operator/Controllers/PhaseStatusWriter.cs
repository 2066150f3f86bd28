using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Kubernetes.Status;
using k8s;
using k8s.Models;

namespace Backups.Operator.Controllers;

/// <summary>
/// Writes the status of a phase kind (BackupRestore, BackupVerification) one way: phase, reason, message,
/// observedGeneration, the Ready condition (True only in the succeeded phase; its time moves only when its status
/// changes), the caller's other fields; patched only when it changed (docs/design.md, "Status writes"), and an Event
/// when the phase changed.
/// </summary>
internal sealed class PhaseStatusWriter<TPhase>(IEventRecorder events, TimeProvider timeProvider, PhaseEvents<TPhase> phaseEvents)
    where TPhase : struct, Enum
{
    /// <summary>Sets the phase and what <paramref name="mutate"/> changes, writes the status if it changed; returns the object as written.</summary>
    public async Task<T> SetAsync<T, TStatus>(
        IResourceClient<T> client, T obj, TPhase phase, string reason, string message, Action<TStatus>? mutate, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>, IStatus<TStatus>
        where TStatus : class, IPhaseStatus<TPhase>, new()
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(obj);
        var current = obj.Status;
        var desired = current is null ? new TStatus() : current.DeepClone();
        desired.Phase = phase;
        desired.Reason = reason;
        desired.Message = message;
        desired.ObservedGeneration = obj.Metadata.Generation;
        desired.Conditions ??= [];
        mutate?.Invoke(desired);
        var succeeded = EqualityComparer<TPhase>.Default.Equals(phase, phaseEvents.Succeeded);
        var failed = EqualityComparer<TPhase>.Default.Equals(phase, phaseEvents.Failed);
        Conditions.SetStatusCondition(desired.Conditions, new Condition
        {
            Type = ConditionTypes.Ready,
            Status = succeeded ? Api.ConditionStatus.True : Api.ConditionStatus.False,
            Reason = reason,
            Message = message,
            ObservedGeneration = obj.Metadata.Generation,
        }, timeProvider);

        var updated = await client.PatchStatusIfChangedAsync(obj, desired, cancellationToken).ConfigureAwait(false);
        if (current?.Phase is not { } before || !EqualityComparer<TPhase>.Default.Equals(before, phase))
        {
            events.Record(obj, failed ? EventType.Warning : EventType.Normal,
                succeeded ? phaseEvents.SucceededReason : failed ? phaseEvents.FailedReason : phase.ToString(), message);
        }

        return updated;
    }
}
