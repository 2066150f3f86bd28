using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Kubernetes.Status;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests;

/// <summary>The sample controller of the integration tests: finalizer, status with conditions, an event.</summary>
public sealed class WidgetReconciler(
    IResourceClient<Widget> widgets, ReconcileRecorder recorder, HostName host, IEventRecorder events, TimeProvider timeProvider) : IReconciler<Widget>
{
    public const string Finalizer = "test.example.dev/cleanup";

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest<Widget> request, CancellationToken cancellationToken)
    {
        recorder.Enter(host.Value, request.Key);
        recorder.Saw(request.Key, request.Object?.Metadata?.ResourceVersion);
        try
        {
            if (recorder.Hold > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(recorder.Hold, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    recorder.Cancel();
                    throw;
                }
            }

            var widget = request.Object;
            if (widget is null)
            {
                return ReconcileResult.Done;
            }

            if (widget.Metadata.DeletionTimestamp is not null)
            {
                if (widget.HasFinalizer(Finalizer))
                {
                    recorder.CleanedUp(request.Key);
                    await widgets.RemoveFinalizerAsync(widget, Finalizer, cancellationToken);
                }

                return ReconcileResult.Done;
            }

            if (recorder.UseFinalizer)
            {
                widget = await widgets.AddFinalizerAsync(widget, Finalizer, cancellationToken);
            }

            var status = new WidgetStatus
            {
                ObservedGeneration = widget.Metadata.Generation,
                Reconciles = widget.Status?.Reconciles ?? 0,
                Conditions = widget.Status?.Conditions?.Select(c => c.DeepCloneCondition()).ToList() ?? [],
            };
            Conditions.SetStatusCondition(status.Conditions, new V1Condition
            {
                Type = "Ready",
                Status = "True",
                Reason = "Reconciled",
                Message = $"size {widget.Spec.Size}{recorder.Marker}",
                ObservedGeneration = widget.Metadata.Generation,
            }, timeProvider);
            if (StatusPatchExtensions.HasChanged(widget.Status, status))
            {
                status.Reconciles++;
            }

            await widgets.PatchStatusIfChangedAsync(widget, status, cancellationToken);
            events.Record(widget, EventType.Normal, "Reconciled", $"Widget reconciled at generation {widget.Metadata.Generation}");
            recorder.Complete();
            return ReconcileResult.Done;
        }
        finally
        {
            recorder.Exit(host.Value, request.Key);
        }
    }
}

/// <summary>Names a test host.</summary>
public sealed record HostName(string Value);

internal static class ConditionCopy
{
    public static V1Condition DeepCloneCondition(this V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastTransitionTime = c.LastTransitionTime,
        ObservedGeneration = c.ObservedGeneration,
    };
}
