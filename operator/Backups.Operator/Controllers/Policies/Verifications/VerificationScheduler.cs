using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Verifications;
using Microsoft.Extensions.Logging;
using ConditionStatus = Backups.Operator.Api.ConditionStatus;

namespace Backups.Operator.Controllers.Policies.Verifications;

/// <summary>
/// The policy's verification schedule (<c>spec.verification</c>), run by the policy controller at each reconcile: at a due
/// tick ONE BackupVerification of the newest Available backup (deterministic name, owned by the policy), never while
/// another run of the policy is still going, none without an Available backup (both skips are Events, not queued);
/// finished runs beyond <c>keepHistory</c> are deleted, oldest first. Timing is <see cref="ScheduleEvaluator"/> on the
/// verification cron, so catch-up, <c>startingDeadlineMinutes</c>, time zone and <c>suspend</c> work as for backups.
/// See docs/design.md, "Scheduled verifications".
/// </summary>
public sealed partial class VerificationScheduler
{
    /// <summary>Condition reason of <c>VerificationsAvailable</c> while the schedule runs.</summary>
    public const string ScheduledReason = "Scheduled";

    /// <summary>Event reason: a run was created.</summary>
    public const string VerificationScheduledReason = "VerificationScheduled";

    /// <summary>Event reason: a due tick made no run (one still going, or no Available backup).</summary>
    public const string VerificationSkippedReason = "VerificationSkipped";

    /// <summary>Event reason: a due tick was older than startingDeadlineMinutes.</summary>
    public const string VerificationMissedReason = "VerificationMissed";

    /// <summary>Event reason: a finished run beyond keepHistory was deleted.</summary>
    public const string VerificationPrunedReason = "VerificationPruned";

    private readonly IResourceClient<BackupVerification> _verifications;
    private readonly IInformerFactory _informers;
    private readonly IEventRecorder _events;
    private readonly VerificationMetrics _metrics;
    private readonly ILogger<VerificationScheduler> _logger;

    public VerificationScheduler(
        IResourceClient<BackupVerification> verifications,
        IInformerFactory informers,
        IEventRecorder events,
        VerificationMetrics metrics,
        ILogger<VerificationScheduler> logger)
    {
        _verifications = verifications;
        _informers = informers;
        _events = events;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>A scheduled run's change wakes the policy that owns it (a finished run frees the schedule and may be pruned).</summary>
    public static IEnumerable<ObjectKey> RunToPolicy(BackupVerification run) =>
        ScheduledVerificationFactory.OwningPolicy(run) is { Name.Length: > 0 } owner
            ? [new ObjectKey(run.Metadata.NamespaceProperty, owner.Name)]
            : [];

    /// <summary>The <c>VerificationsAvailable</c> condition: null (removed) without <c>spec.verification</c>.</summary>
    public static (string Status, string Reason, string Message)? Condition(VerificationResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (resolution.IsActive)
        {
            var v = resolution.Verification;
            return (ConditionStatus.True, ScheduledReason, v.Timing.Suspend
                ? $"Scheduled verifications on '{v.Schedule}' ({v.Timing.TimeZoneId}) are suspended (spec.suspend)."
                : $"A BackupVerification of the newest Available backup on '{v.Schedule}' ({v.Timing.TimeZoneId}); the newest {v.KeepHistory} finished run(s) are kept.");
        }

        return resolution.Reason is { } reason ? (ConditionStatus.False, reason, resolution.Message ?? reason) : null;
    }

    /// <summary>Acts on the schedule's verdict at <paramref name="now"/>; the report (Events) is to be made once the status is written.</summary>
    public async Task<VerificationTick> RunAsync(
        BackupPolicy policy,
        EffectiveVerification verification,
        IReadOnlyList<BackupRecord> backups,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(backups);
        var ns = policy.Metadata.NamespaceProperty;
        var current = policy.Status?.Verification;
        var since = current?.Since ?? now;
        var runs = _informers.GetInformer<BackupVerification>().Store.List(ns)
            .Where(r => ScheduledVerificationFactory.IsRunOf(r, policy) && r.Metadata.DeletionTimestamp is null)
            .ToList();

        await PruneAsync(policy, verification, runs, cancellationToken).ConfigureAwait(false);

        var decision = ScheduleEvaluator.Evaluate(verification.Timing, since, current?.LastScheduleTime, now);
        Action? report = null;
        var lastScheduleTime = current?.LastScheduleTime;
        switch (decision.Action)
        {
            case ScheduleAction.Suspended:
                lastScheduleTime = decision.LastScheduleTime;
                break;

            case ScheduleAction.Missed:
                var missed = decision.Tick!.Value;
                lastScheduleTime = missed;
                report = () => _events.Record(policy, EventType.Warning, VerificationMissedReason,
                    $"The verification due at {Describe(missed)} was not made: it is older than startingDeadlineMinutes ({verification.Timing.StartingDeadlineMinutes}). The next one is due at {Describe(decision.NextTick)}.");
                break;

            case ScheduleAction.Due:
                var tick = decision.Tick!.Value;
                lastScheduleTime = tick;
                report = await RunTickAsync(policy, verification, backups, runs, tick, decision.NextTick, cancellationToken).ConfigureAwait(false);
                break;
        }

        var status = new PolicyVerificationStatus
        {
            Schedule = verification.Schedule,
            Since = since,
            LastScheduleTime = lastScheduleTime,
            NextVerificationTime = decision.Action == ScheduleAction.Suspended ? null : decision.NextTick,
            Last = LastFinished(runs) ?? current?.Last,
        };
        return new VerificationTick(status, decision.RequeueAt, report);
    }

    /// <summary>Removes the policy's per-policy verification series (the policy is gone).</summary>
    public void Forget(BackupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _metrics.Forget(policy.Metadata.NamespaceProperty, policy.Metadata.Name);
    }

    private async Task<Action?> RunTickAsync(
        BackupPolicy policy,
        EffectiveVerification verification,
        IReadOnlyList<BackupRecord> backups,
        List<BackupVerification> runs,
        DateTimeOffset tick,
        DateTimeOffset? nextTick,
        CancellationToken cancellationToken)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var name = policy.Metadata.Name;
        var runName = VerificationSchedules.RunName(name, tick);
        if (runs.Any(r => string.Equals(r.Metadata.Name, runName, StringComparison.Ordinal)))
        {
            // This tick's run exists (an earlier reconcile made it and its status write was lost): nothing more to do.
            return null;
        }

        if (runs.FirstOrDefault(r => !IsFinished(r)) is { } running)
        {
            Log.Skipped(_logger, ns, name, tick, "a run is still going");
            return () => _events.Record(policy, EventType.Normal, VerificationSkippedReason,
                $"The verification due at {Describe(tick)} was skipped: BackupVerification {running.Metadata.Name} is still running (phase {running.Status?.Phase?.ToString() ?? "Pending"}); runs are never queued. The next one is due at {Describe(nextTick)}.");
        }

        if (VerificationSchedules.NewestAvailable(backups) is not { } backup)
        {
            Log.Skipped(_logger, ns, name, tick, "no Available backup");
            return () => _events.Record(policy, EventType.Warning, VerificationSkippedReason,
                $"The verification due at {Describe(tick)} was skipped: the policy has no Available backup to verify. The next one is due at {Describe(nextTick)}.");
        }

        var run = ScheduledVerificationFactory.Create(policy, verification, backup.Name, tick);
        var created = await _verifications.TryCreateAsync(run, cancellationToken).ConfigureAwait(false);
        if (!created.Created)
        {
            return null;
        }

        Log.Created(_logger, ns, name, runName, backup.Name, tick);
        return () => _events.Record(policy, EventType.Normal, VerificationScheduledReason,
            $"Created BackupVerification {runName} of Backup {backup.Name} (the newest Available one) for {Describe(tick)}.");
    }

    private async Task PruneAsync(BackupPolicy policy, EffectiveVerification verification, List<BackupVerification> runs, CancellationToken cancellationToken)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var pruned = VerificationSchedules.Pruned(
            runs.Select(r => (r.Metadata.Name, CreatedAt(r), IsFinished(r) && r.Status?.CleanedUp == true)),
            verification.KeepHistory);
        foreach (var runName in pruned)
        {
            if (await _verifications.DeleteAsync(ns, runName, propagationPolicy: null, cancellationToken).ConfigureAwait(false))
            {
                Log.Pruned(_logger, ns, policy.Metadata.Name, runName);
                _events.Record(policy, EventType.Normal, VerificationPrunedReason,
                    $"Deleted BackupVerification {runName}: spec.verification.keepHistory keeps the newest {verification.KeepHistory} finished run(s).");
            }
        }

        runs.RemoveAll(r => pruned.Contains(r.Metadata.Name, StringComparer.Ordinal));
    }

    private static BackupVerificationRecord? LastFinished(IEnumerable<BackupVerification> runs) =>
        runs.Where(IsFinished)
            .OrderByDescending(r => r.Status?.CompletedAt ?? CreatedAt(r))
            .Select(r => new BackupVerificationRecord
            {
                Name = r.Metadata.Name,
                Result = r.Status!.Phase == VerificationPhase.Passed ? VerificationResult.Passed : VerificationResult.Failed,
            })
            .FirstOrDefault();

    private static bool IsFinished(BackupVerification run) => run.Status?.Phase is VerificationPhase.Passed or VerificationPhase.Failed;

    private static DateTimeOffset CreatedAt(BackupVerification run) => PolicyBackups.CreatedAt(run);

    private static string Describe(DateTimeOffset? tick) =>
        tick is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Policy {Namespace}/{Policy} created BackupVerification {Verification} of Backup {Backup} for tick {Tick:O}")]
        public static partial void Created(ILogger logger, string @namespace, string policy, string verification, string backup, DateTimeOffset tick);

        [LoggerMessage(2, LogLevel.Information, "Policy {Namespace}/{Policy} skipped the verification of tick {Tick:O}: {Why}")]
        public static partial void Skipped(ILogger logger, string @namespace, string policy, DateTimeOffset tick, string why);

        [LoggerMessage(3, LogLevel.Information, "Policy {Namespace}/{Policy} deleted finished BackupVerification {Verification} (keepHistory)")]
        public static partial void Pruned(ILogger logger, string @namespace, string policy, string verification);
    }
}

/// <summary>What one reconcile of the verification schedule did.</summary>
/// <param name="Status">The policy's <c>status.verification</c>.</param>
/// <param name="RequeueAt">When the schedule needs the policy reconciled again.</param>
/// <param name="Report">The Event to record once the status is written (so a retried reconcile does not repeat it), or null.</param>
public sealed record VerificationTick(PolicyVerificationStatus Status, DateTimeOffset? RequeueAt, Action? Report);
