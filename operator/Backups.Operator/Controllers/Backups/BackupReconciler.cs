using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Controllers.Predicates;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using KubernetesConditions = Backups.Operator.Kubernetes.Status.Conditions;

namespace Backups.Operator.Controllers.Backups;

/// <summary>
/// The Backup controller: admission (plan, cap), the snapshot creation state machine (Creating → Available | Error),
/// the Restoring phase while a restore reads the backup, the periodic check that an Available snapshot still exists, and
/// the snapshot-cleanup finalizer. The only writer of <c>Backup.status</c>.
/// Crash safety: the snapshot name and start time are written (conditionally on the resourceVersion) before the snapshot
/// POST and the action id right after it; a Backup with a name but no action id is only ever adopted (by snapshot name or
/// the droplet's recent actions), never POSTed again unless DigitalOcean shows no trace of the request after a grace period.
/// </summary>
public sealed partial class BackupReconciler : IReconciler<Backup>
{
    /// <summary>How long a Backup waits for its BackupPolicy to appear before it goes to Error.</summary>
    public static readonly TimeSpan PolicyWait = TimeSpan.FromMinutes(10);

    /// <summary>After an ambiguous snapshot POST: how long to keep looking for the action before concluding it never landed.</summary>
    public static readonly TimeSpan AdoptionGrace = TimeSpan.FromMinutes(2);

    /// <summary>After an action completed: how long its snapshot may take to show up in the droplet's list.</summary>
    public static readonly TimeSpan SnapshotListingGrace = TimeSpan.FromMinutes(5);

    private readonly IResourceClient<Backup> _backups;
    private readonly IResourceClient<BackupPolicy> _policies;
    private readonly IInformerFactory _informers;
    private readonly IDropletAccess _access;
    private readonly IEventRecorder _events;
    private readonly BackupMetrics _metrics;
    private readonly BackupReconcilerMemory _memory;
    private readonly MissingSnapshotVerdicts _verdicts;
    private readonly IOptionsMonitor<BackupsOperatorOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BackupReconciler> _logger;

    public BackupReconciler(
        IResourceClient<Backup> backups,
        IResourceClient<BackupPolicy> policies,
        IInformerFactory informers,
        IDropletAccess access,
        IEventRecorder events,
        BackupMetrics metrics,
        BackupReconcilerMemory memory,
        MissingSnapshotVerdicts verdicts,
        IOptionsMonitor<BackupsOperatorOptions> options,
        TimeProvider time,
        ILogger<BackupReconciler> logger)
    {
        _backups = backups;
        _policies = policies;
        _informers = informers;
        _access = access;
        _events = events;
        _metrics = metrics;
        _memory = memory;
        _verdicts = verdicts;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The controller's watches: Backup annotation and label changes (the skip-cleanup escape hatch, deletion reasons) on top
    /// of the defaults, BackupRestores mapped to the Backup they restore (spec.backupName) and to their safety backup, and
    /// BackupPolicies mapped to those of their Backups whose snapshot the policy's last check found missing
    /// (<paramref name="verdicts"/>; docs/design.md, "Snapshot checks"), and
    /// the head of a droplet's queue woken when the droplet frees up (a Backup in flight ends, a restore ends).
    /// </summary>
    public static void Configure(ControllerOptions<Backup> options, MissingSnapshotVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(verdicts);
        options.Watches<BackupPolicy>(policy => verdicts.BackupsOf(policy.Metadata.NamespaceProperty, policy.Metadata.Name));
        options.Predicate = Predicates.Any(
            Predicates.Default<Backup>(),
            Predicates.AnnotationsChanged<Backup>(),
            Predicates.LabelsChanged<Backup>());
        options.Watches<BackupRestore>(static (restore, informers) => RestoreKeys(restore, informers));
        options.Watches<Backup>(static (backup, informers) => DropletFreed(backup, informers));

        // The policy is read from its cache: no reconcile runs before that cache synced, so a policy missing from it is
        // really gone (docs/kubernetes-runtime.md, "Cache sync").
        options.Reads<BackupPolicy>();
    }

    private static IEnumerable<ObjectKey> RestoreKeys(BackupRestore restore, IInformerFactory informers)
    {
        var ns = restore.Metadata.NamespaceProperty;
        if (DropletRestores.IsFinished(restore) && restore.Status?.DropletId is { } restoredDroplet)
        {
            foreach (var head in QueueHead(informers, restoredDroplet))
            {
                yield return head;
            }
        }

        if (!string.IsNullOrEmpty(restore.Spec?.BackupName))
        {
            yield return new ObjectKey(ns, restore.Spec.BackupName);
        }

        if (!string.IsNullOrEmpty(restore.Status?.SafetyBackupName))
        {
            yield return new ObjectKey(ns, restore.Status.SafetyBackupName);
        }
    }

    /// <summary>
    /// A droplet frees up when its Backup in flight leaves Creating or is gone: then the Backup at the head of the
    /// droplet's queue is reconciled at once, not at its next queue retry (up to 2 minutes later, so a queue drained at
    /// about one Backup per droplet per 2 minutes; found by the kill campaign, docs/chaos.md). A change of a waiting Backup
    /// wakes nobody, so waiting Backups never wake each other in turn.
    /// </summary>
    private static IEnumerable<ObjectKey> DropletFreed(Backup changed, IInformerFactory informers) =>
        changed.Status is { DropletId: { } dropletId } status && !(status.Phase == BackupPhase.Creating && status.SnapshotName is null)
            ? QueueHead(informers, dropletId)
            : [];

    /// <summary>The oldest Backup waiting to request a snapshot of <paramref name="dropletId"/>, when none is in flight on it.</summary>
    private static IEnumerable<ObjectKey> QueueHead(IInformerFactory informers, long dropletId)
    {
        var creating = BackupIndexes.OfDroplet(informers, dropletId)
            .Where(b => b.Status is { Phase: BackupPhase.Creating } s && s.DropletId == dropletId)
            .ToList();
        if (creating.Any(static b => b.Status.SnapshotName is not null))
        {
            return [];
        }

        var head = creating.Where(static b => b.Metadata.DeletionTimestamp is null).OrderBy(static b => b, DropletQueue.Order).FirstOrDefault();
        return head is null ? [] : [new ObjectKey(head.Metadata.NamespaceProperty, head.Metadata.Name)];
    }

    private BackupsOperatorOptions Options => _options.CurrentValue;

    private DateTimeOffset Now => _time.GetUtcNow();

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest<Backup> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Object is null)
        {
            return ReconcileResult.Done;
        }

        // A consistent read: the cache may lag behind our own last status write.
        var backup = await _backups.GetAsync(request.Key.Namespace, request.Key.Name, cancellationToken).ConfigureAwait(false);
        if (backup is null)
        {
            return ReconcileResult.Done;
        }

        var policy = _informers.GetInformer<BackupPolicy>().Store.Get(backup.Metadata.NamespaceProperty, backup.Spec.PolicyName);
        if (backup.Metadata.DeletionTimestamp is not null)
        {
            return await DeleteAsync(backup, policy, cancellationToken).ConfigureAwait(false);
        }

        backup = await BackupMetadata.EnsureAsync(_backups, backup, policy, cancellationToken).ConfigureAwait(false);
        var step = new BackupStep(backup, StatusMergePatch.Copy(backup.Status));
        await FollowDeletionPolicyAsync(step, cancellationToken).ConfigureAwait(false);
        return step.Status.Phase switch
        {
            null => await AdmitAsync(step, policy, cancellationToken).ConfigureAwait(false),
            BackupPhase.Creating => await CreateAsync(step, policy, cancellationToken).ConfigureAwait(false),
            BackupPhase.Available or BackupPhase.Restoring => await MaintainAvailableAsync(step, policy, cancellationToken).ConfigureAwait(false),
            BackupPhase.Error => await MaintainErrorAsync(step, policy, cancellationToken).ConfigureAwait(false),
            _ => ReconcileResult.Done,
        };
    }

    /// <summary>
    /// <c>spec.deletionPolicy</c> may be changed at any time and is honoured: the status follows it (and deletion reads the
    /// spec first), so a Backup switched to Retain keeps its snapshot.
    /// </summary>
    private async Task FollowDeletionPolicyAsync(BackupStep step, CancellationToken cancellationToken)
    {
        if (step.Status.Phase is null || step.Backup.Spec.DeletionPolicy is not { } wanted || step.Status.DeletionPolicy == wanted)
        {
            return;
        }

        var before = step.Status.DeletionPolicy;
        step.Status.DeletionPolicy = wanted;
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        _events.Record(step.Backup, EventType.Normal, BackupEventReasons.DeletionPolicyChanged,
            $"deletionPolicy changed from {before?.ToString() ?? "(none)"} to {wanted}: the snapshot is {(wanted == DeletionPolicy.Retain ? "kept" : "deleted")} when this Backup is deleted.");
    }

    /// <summary>Writes the step's status when it changed, records a phase-change event and log, and keeps the step current.</summary>
    private async Task SaveAsync(BackupStep step, CancellationToken cancellationToken)
    {
        var before = step.Backup.Status?.Phase;
        step.Status.ObservedGeneration = step.Backup.Metadata.Generation;

        step.Status.StartedAt = StatusTime.WholeSeconds(step.Status.StartedAt);
        step.Status.CompletedAt = StatusTime.WholeSeconds(step.Status.CompletedAt);
        step.Status.ExpiresAt = StatusTime.WholeSeconds(step.Status.ExpiresAt);
        step.Backup = await _backups.PatchStatusIfChangedAsync(step.Backup, step.Status, cancellationToken).ConfigureAwait(false);
        step.Status = StatusMergePatch.Copy(step.Backup.Status);
        var after = step.Status.Phase;
        if (before != after && after is { } phase)
        {
            Log.PhaseChanged(_logger, step.Namespace, step.Name, before?.ToString() ?? "(new)", phase.ToString(), step.Status.Reason);
            var type = phase == BackupPhase.Error ? EventType.Warning : EventType.Normal;
            _events.Record(step.Backup, type, phase == BackupPhase.Error ? step.Status.Reason ?? "Error" : phase.ToString(),
                step.Status.Message ?? $"Backup is {phase}.");
        }
    }

    private void SetReady(BackupStep step, bool ready, string reason, string message)
    {
        step.Status.Reason = reason;
        step.Status.Message = message;
        step.Status.Conditions ??= [];
        KubernetesConditions.SetStatusCondition(step.Status.Conditions, new Condition
        {
            Type = ConditionTypes.Ready,
            Status = ready ? ConditionStatus.True : ConditionStatus.False,
            Reason = reason,
            Message = message,
            ObservedGeneration = step.Backup.Metadata.Generation,
        }, _time);
    }

    private void SetCondition(BackupStep step, string type, bool value, string reason, string message)
    {
        step.Status.Conditions ??= [];
        KubernetesConditions.SetStatusCondition(step.Status.Conditions, new Condition
        {
            Type = type,
            Status = value ? ConditionStatus.True : ConditionStatus.False,
            Reason = reason,
            Message = message,
            ObservedGeneration = step.Backup.Metadata.Generation,
        }, _time);
    }

    /// <summary>Moves to Error (reason, message), counts a failed creation and writes.</summary>
    private async Task<ReconcileResult> FailAsync(BackupStep step, string reason, string message, CancellationToken cancellationToken)
    {
        var wasCreating = step.Status.Phase is null or BackupPhase.Creating;
        step.Status.Phase = BackupPhase.Error;
        SetReady(step, false, reason, message);
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        if (wasCreating)
        {
            _metrics.BackupCreated(success: false);
        }

        return ReconcileResult.Done;
    }

    private ReconcileResult RequeueAfter(BackupStep step, TimeSpan delay, string why)
    {
        if (delay < TimeSpan.FromSeconds(1))
        {
            delay = TimeSpan.FromSeconds(1);
        }

        Log.Requeue(_logger, step.Namespace, step.Name, delay.TotalSeconds, why);
        return ReconcileResult.After(delay);
    }

    private IReadOnlyList<BackupRestore> RestoresInNamespace(string ns) => _informers.GetInformer<BackupRestore>().Store.List(ns);

    /// <summary>The Backup being reconciled and the status being built for it.</summary>
    private sealed class BackupStep(Backup backup, BackupStatus status)
    {
        public Backup Backup { get; set; } = backup;

        public BackupStatus Status { get; set; } = status;

        public string Namespace => Backup.Metadata.NamespaceProperty;

        public string Name => Backup.Metadata.Name;

        public string Uid => Backup.Metadata.Uid;

        public DateTimeOffset CreatedAt => Backup.Metadata.CreationTimestamp is { } created
            ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))
            : DateTimeOffset.MinValue;
    }
}
