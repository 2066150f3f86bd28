using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Controllers.Policies.Orphans;
using Backups.Operator.Controllers.Policies.Verifications;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Retention;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Verifications;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// Reconciles a BackupPolicy (one deployment): keeps its cleanup finalizer until every Backup is gone, ties it to
/// <c>spec.deploymentRef</c>, keeps the credentials Secret's in-use finalizer, creates ONE automatic Backup per due tick
/// (deterministic name), applies retention, expiry and the 20-backup cap through the Backup deletion path, writes the
/// status (only when it changed) and requeues at exactly the earlier of the next tick and the next expiry.
/// Every decision comes from the rules (<see cref="PlanCatalog"/>, <see cref="ScheduleEvaluator"/>,
/// <see cref="BackupPlanner"/>, <see cref="BackupAdmission"/>, <see cref="BackupInventory"/>).
/// </summary>
public sealed partial class BackupPolicyReconciler : IReconciler<BackupPolicy>
{
    /// <summary>How soon a problem that may fix itself (a missing deployment object) is looked at again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly IResourceClient<BackupPolicy> _policies;
    private readonly IResourceClient<Backup> _backups;
    private readonly IInformerFactory _informers;
    private readonly ICredentialResolver _credentials;
    private readonly ICredentialsInUseFinalizer _credentialsFinalizer;
    private readonly IEventRecorder _events;
    private readonly BackupMetrics _metrics;
    private readonly BackupsOperatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BackupDeleter _deleter;
    private readonly DeploymentOwnerReference _deploymentOwner;
    private readonly IDropletAccess _access;
    private readonly PolicyCheckMemory _checks;
    private readonly OrphanSweep _orphans;
    private readonly VerificationScheduler _verificationSchedule;

    public BackupPolicyReconciler(
        IResourceClient<BackupPolicy> policies,
        IResourceClient<Backup> backups,
        IInformerFactory informers,
        IDynamicObjects objects,
        ICredentialResolver credentials,
        ICredentialsInUseFinalizer credentialsFinalizer,
        IEventRecorder events,
        BackupMetrics metrics,
        IOptions<BackupsOperatorOptions> options,
        IDropletAccess access,
        PolicyCheckMemory checks,
        OrphanSweep orphans,
        VerificationScheduler verificationSchedule,
        TimeProvider timeProvider,
        ILogger<BackupPolicyReconciler> logger)
    {
        _access = access;
        _checks = checks;
        _orphans = orphans;
        _verificationSchedule = verificationSchedule;
        _policies = policies;
        _backups = backups;
        _informers = informers;
        _credentials = credentials;
        _credentialsFinalizer = credentialsFinalizer;
        _events = events;
        _metrics = metrics;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _deleter = new BackupDeleter(backups);
        _deploymentOwner = new DeploymentOwnerReference(objects, policies);
    }

    /// <summary>
    /// The watches of the BackupPolicy controller: a policy is reconciled when any of its Backups changes (mapped by
    /// <c>spec.policyName</c>) and when a BackupRestore on the policy's droplet changes (a restore starting or ending on the
    /// droplet pauses or resumes its schedule; looked up by droplet in the policy cache, not by a label).
    /// </summary>
    public static void Configure(ControllerOptions<BackupPolicy> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Watches<Backup>(BackupToPolicy);
        options.Watches<BackupRestore>(RestoreToPolicies);
        options.Watches<BackupPolicy>(PolicyToDropletPeers);
        options.Watches<BackupVerification>(VerificationScheduler.RunToPolicy);
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest<BackupPolicy> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Object is null)
        {
            return ReconcileResult.Done;
        }

        var policy = request.Object.DeepClone();
        var ns = policy.Metadata.NamespaceProperty;
        var name = policy.Metadata.Name;
        var backups = BackupIndexes.OfPolicy(_informers, ns, name).ToList();

        if (policy.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(policy, backups, cancellationToken).ConfigureAwait(false);
        }

        policy = await _policies.AddFinalizerAsync(policy, ApiConstants.PolicyCleanupFinalizer, cancellationToken).ConfigureAwait(false);
        var owner = await _deploymentOwner.EnsureAsync(policy, cancellationToken).ConfigureAwait(false);
        policy = owner.Policy;
        if (owner.Problem is not null)
        {
            Log.DeploymentNotFound(_logger, ns, name);
        }

        var hold = await _credentialsFinalizer.SyncAsync(policy, cancellationToken).ConfigureAwait(false);
        policy = hold.Policy;
        var credentials = await _credentials.ResolveAsync(policy, cancellationToken).ConfigureAwait(false);

        var now = _timeProvider.GetUtcNow();
        var resolution = PlanCatalog.Resolve(policy.Spec);
        var scheduleProblem = CronRanges.Problem(policy.Spec.Schedule)
                              ?? (resolution.IsValid ? null : ScheduleErrors(resolution));
        var conflict = DropletClaims.Holder(_informers.GetInformer<BackupPolicy>().Store.List(), policy) is { } holder
            ? DropletClaims.Message(policy, holder)
            : null;
        var usable = resolution.IsValid && scheduleProblem is null && conflict is null;
        var check = usable && credentials.IsResolved
            ? await CheckDropletAsync(policy, hold, now, cancellationToken).ConfigureAwait(false)
            : null;
        var records = backups.Select(PolicyBackups.ToRecord).ToList();
        var running = DropletRestores.RunningOn(_informers.GetInformer<BackupRestore>().Store.List(), policy.Spec.DropletId);
        var runningRestore = running.Count == 0
            ? null
            : $"BackupRestore '{running[0].Metadata.NamespaceProperty}/{running[0].Metadata.Name}' is restoring Backup '{running[0].Spec.BackupName}' onto droplet {policy.Spec.DropletId} (phase {running[0].Status?.Phase}); automatic backups wait until it ends.";

        var observation = new PolicyObservation
        {
            Generation = policy.Metadata.Generation,
            InvalidSpecMessage = resolution.Message,
            BackupsAllowed = Enum.IsDefined(policy.Spec.Plan) ? PlanCatalog.For(policy.Spec.Plan).BackupsAllowed : null,
            LastScheduleTime = policy.Status?.LastScheduleTime,
            RunningRestore = runningRestore,
            DeploymentProblem = owner.Problem,
            CredentialsProblem = credentials.IsResolved ? null : (credentials.Reason, credentials.Message),
            ScheduleProblem = scheduleProblem,
            DropletConflict = conflict,
            DropletProblem = check?.Problem,
            LastSnapshotCheckAt = check?.SnapshotsListedAt ?? policy.Status?.LastSnapshotCheckAt,
            SecretDeletionBlocked = hold.SecretBeingDeleted ? SecretDeletionMessage(policy) : null,
            Price = new SnapshotPrice(_options.PricePerGigabyteMonth),
        };
        var verification = VerificationSchedules.Resolve(policy.Spec, usable ? resolution.Policy : null);
        observation = observation with { VerificationCondition = VerificationScheduler.Condition(verification) };

        DateTimeOffset? requeueAt = owner.Problem is null ? check?.NextAt : Earliest(now + RetryDelay, check?.NextAt);
        Action? report = null;
        if (usable)
        {
            var effective = resolution.Policy!;
            var plan = BackupPlanner.Plan(effective, records, now);
            await DeleteAsync(policy, effective, plan.Deletions, records, cancellationToken).ConfigureAwait(false);

            var decision = ScheduleEvaluator.Evaluate(effective, PolicyBackups.CreatedAt(policy), policy.Status?.LastScheduleTime, now);
            var tick = await ActOnScheduleAsync(policy, effective, decision, plan, records, runningRestore is not null, cancellationToken).ConfigureAwait(false);
            observation = observation with
            {
                Effective = effective,
                Schedule = decision,
                LastScheduleTime = tick.LastScheduleTime,
                LimitReached = tick.LimitReached,
            };
            report = tick.Report;
            requeueAt = Earliest(Earliest(requeueAt, decision.RequeueAt), plan.NextExpiry);
            if (verification.IsActive)
            {
                var verified = await _verificationSchedule.RunAsync(policy, verification.Verification, records, now, cancellationToken).ConfigureAwait(false);
                observation = observation with { Verification = verified.Status };
                report += verified.Report;
                requeueAt = Earliest(requeueAt, verified.RequeueAt);
            }
        }
        else if (conflict is not null)
        {
            Log.DropletConflict(_logger, ns, name, policy.Spec.DropletId);
        }
        else
        {
            Log.InvalidSpec(_logger, ns, name, scheduleProblem ?? resolution.Message ?? string.Empty);
        }

        observation = observation with { Backups = records };
        await WriteStatusAsync(policy, observation, cancellationToken).ConfigureAwait(false);
        if (hold.SecretBeingDeleted && Conditions.FindStatusCondition(policy.Status?.Conditions, PolicyStatusBuilder.SecretDeletionBlockedType) is null)
        {
            _events.Record(hold.Secret!, EventType.Warning, PolicyStatusBuilder.CredentialsInUseReason,
                $"Deletion waits: BackupPolicy '{ns}/{name}' still uses this Secret (spec.credentialsSecretRef), so finalizer {ApiConstants.CredentialsInUseFinalizer} keeps it. Point the policy at another Secret, or delete the policy; the Secret goes when no policy or Backup needs it.");
        }
        report?.Invoke();

        if (requeueAt is not { } at)
        {
            return ReconcileResult.Done;
        }

        var delay = at - _timeProvider.GetUtcNow();
        return delay > TimeSpan.Zero ? ReconcileResult.After(delay) : ReconcileResult.RequeueRateLimited;
    }

    /// <summary>
    /// Checks the policy's token and droplet (<see cref="IDropletAccess.ConnectAsync"/>: one GET of the droplet) when it is
    /// new to this process, when its generation or its credentials changed, and at the policy's slots every
    /// <c>SnapshotCheckInterval</c> (<see cref="PolicyCheckMemory"/>); a failing check is repeated sooner. A transient failure
    /// keeps the previous verdict. A successful check is followed by one paged snapshot list of the droplet: the
    /// <see cref="OrphanSweep"/> and the existence check of the policy's Available Backups (docs/design.md, "Snapshot checks").
    /// </summary>
    private async Task<PolicyCheck> CheckDropletAsync(BackupPolicy policy, CredentialsHold hold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var uid = policy.Metadata.Uid ?? $"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}";
        var generation = policy.Metadata.Generation;
        var source = hold.Secret is { } secret ? $"secret/{secret.Metadata.Name}@{secret.Metadata.ResourceVersion}" : "platform";
        var interval = _options.SnapshotCheckInterval;
        var last = _checks.Last(uid);
        if (last is not null && last.Generation == generation && last.Credentials == source && now < last.NextAt)
        {
            return last;
        }

        if (last is null && IsReadyFor(policy))
        {
            // Known good before this process started: first check at the policy's own slot after its last snapshot list
            // (status.lastSnapshotCheckAt), not all at once after a restart.
            var deferred = new PolicyCheck(generation, source, now, null,
                PolicyCheckMemory.FirstCheckAfterStart(uid, policy.Status?.LastSnapshotCheckAt, now, interval), policy.Status?.LastSnapshotCheckAt);
            _checks.Record(uid, deferred);
            return deferred;
        }

        // The periodic re-check of an unchanged policy yields the token's budget to due backups and restores.
        var periodic = last is not null && last.Generation == generation && last.Credentials == source;
        var result = await _access.ConnectAsync(policy, periodic ? RequestPriority.Background : RequestPriority.Normal, cancellationToken).ConfigureAwait(false);
        var listedAt = last?.SnapshotsListedAt ?? policy.Status?.LastSnapshotCheckAt;
        if (result.IsOk)
        {
            // The same check lists the droplet's snapshots once (docs/design.md, "Orphan sweep" and "Snapshot checks");
            // a list refused or failed is tried again at the next retry, not a whole interval later.
            var listed = await _orphans.SweepAsync(policy, result.Client!, now, cancellationToken).ConfigureAwait(false);
            var ok = listed
                ? new PolicyCheck(generation, source, now, null, PolicyCheckMemory.NextAfterCheck(uid, now, interval), now)
                : new PolicyCheck(generation, source, now, null, now + FailedCheckRetry, listedAt);
            _checks.Record(uid, ok);
            return ok;
        }

        var check = result.IsTransient
            ? new PolicyCheck(generation, source, now, last?.Problem, now + result.RetryAfter!.Value, listedAt)
            : new PolicyCheck(generation, source, now, (result.Reason!, result.Message!), now + FailedCheckRetry, listedAt);
        _checks.Record(uid, check);
        return check;
    }

    /// <summary>How soon a failed check of the token and droplet is repeated (a fixed token or Secret is noticed by then).</summary>
    public static readonly TimeSpan FailedCheckRetry = TimeSpan.FromMinutes(5);

    private static bool IsReadyFor(BackupPolicy policy) =>
        Conditions.FindStatusCondition(policy.Status?.Conditions, ConditionTypes.Ready) is { Status: Api.ConditionStatus.True } ready
        && ready.ObservedGeneration == policy.Metadata.Generation;

    private static string? ScheduleErrors(PolicyResolution resolution)
    {
        var errors = resolution.Errors.Where(e => string.Equals(e.Field, "spec.schedule", StringComparison.Ordinal)).ToList();
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    private static string SecretDeletionMessage(BackupPolicy policy) =>
        $"Secret '{policy.Spec.CredentialsSecretRef?.Name}' is being deleted, but this policy still uses it (spec.credentialsSecretRef), so finalizer {ApiConstants.CredentialsInUseFinalizer} keeps it. Point spec.credentialsSecretRef at another Secret, or delete this policy (its backups and snapshots go with it); the Secret is deleted when no policy or Backup needs it.";

    private static IEnumerable<ObjectKey> PolicyToDropletPeers(BackupPolicy policy, IInformerFactory informers) =>
        informers.GetInformer<BackupPolicy>().Store.List()
            .Where(p => p.Spec?.DropletId == policy.Spec?.DropletId
                        && !(string.Equals(p.Metadata.NamespaceProperty, policy.Metadata.NamespaceProperty, StringComparison.Ordinal)
                             && string.Equals(p.Metadata.Name, policy.Metadata.Name, StringComparison.Ordinal)))
            .Select(p => new ObjectKey(p.Metadata.NamespaceProperty, p.Metadata.Name));

    private static IEnumerable<ObjectKey> BackupToPolicy(Backup backup) =>
        backup.Spec?.PolicyName is { Length: > 0 } policy
            ? [new ObjectKey(backup.Metadata.NamespaceProperty, policy)]
            : [];

    private static IEnumerable<ObjectKey> RestoreToPolicies(BackupRestore restore, IInformerFactory informers) =>
        restore.Status?.DropletId is { } dropletId
            ? informers.GetInformer<BackupPolicy>().Store.List()
                .Where(p => p.Spec?.DropletId == dropletId)
                .Select(p => new ObjectKey(p.Metadata.NamespaceProperty, p.Metadata.Name))
            : [];

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static string Describe(DateTimeOffset tick) =>
        tick.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Retention and expiry decisions: annotate the reason, delete, and mark the records as going.</summary>
    private async Task DeleteAsync(BackupPolicy policy, EffectivePolicy effective, IReadOnlyList<BackupDeletion> deletions, List<BackupRecord> records, CancellationToken cancellationToken)
    {
        var ns = policy.Metadata.NamespaceProperty;
        foreach (var deletion in deletions)
        {
            var reason = deletion.Reason.ToMetricLabel();
            if (await _deleter.DeleteAsync(ns, deletion.BackupName, reason, cancellationToken).ConfigureAwait(false))
            {
                Log.BackupDeleted(_logger, ns, policy.Metadata.Name, deletion.BackupName, reason);
                _events.Record(policy, EventType.Normal, deletion.Reason switch
                {
                    DeletionReason.Expiry => "BackupExpired",
                    DeletionReason.Cap => "BackupEvicted",
                    _ => "BackupRotated",
                }, deletion.Reason switch
                {
                    DeletionReason.Expiry => $"Deleting Backup {deletion.BackupName}: it expired (expireAfterDays) and a newer backup is Available.",
                    DeletionReason.Cap => $"Deleting automatic Backup {deletion.BackupName} to make room under the limit of 20 backups per deployment.",
                    _ => $"Deleting automatic Backup {deletion.BackupName}: retention keeps the newest {effective.RetainedAutomatic?.ToString(CultureInfo.InvariantCulture) ?? "N"} Available automatic backups (or it failed and a newer one is Available).",
                });
            }

            var index = records.FindIndex(r => string.Equals(r.Name, deletion.BackupName, StringComparison.Ordinal));
            if (index >= 0)
            {
                records[index] = records[index] with { Deleting = true };
            }
        }
    }

    /// <summary>
    /// What a tick did: the new lastScheduleTime, the cap outcome of a run, and what to report (metric, event) once the
    /// status recording the tick is written, so a retried reconcile (e.g. after a 409) never reports the tick twice.
    /// </summary>
    private readonly record struct TickOutcome(DateTimeOffset? LastScheduleTime, bool? LimitReached, Action? Report = null);

    /// <summary>Does what the schedule asks; returns the new lastScheduleTime and the cap outcome of a run.</summary>
    private async Task<TickOutcome> ActOnScheduleAsync(
        BackupPolicy policy,
        EffectivePolicy effective,
        ScheduleDecision decision,
        BackupPlan plan,
        List<BackupRecord> records,
        bool restoreRunning,
        CancellationToken cancellationToken)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var name = policy.Metadata.Name;
        var last = policy.Status?.LastScheduleTime;
        switch (decision.Action)
        {
            case ScheduleAction.Suspended:
                return new TickOutcome(decision.LastScheduleTime, null);

            case ScheduleAction.Missed:
                var missed = decision.Tick!.Value;
                return new TickOutcome(decision.LastScheduleTime, null, () =>
                {
                    _metrics.ScheduleMissed();
                    Log.ScheduleMissed(_logger, ns, name, missed);
                    _events.Record(policy, EventType.Warning, "ScheduleMissed",
                        $"The automatic backup due at {Describe(missed)} was not made: it is older than startingDeadlineMinutes ({effective.StartingDeadlineMinutes}) (was the operator down?). The next one is due at {(decision.NextTick is { } next ? Describe(next) : "never")}.");
                });

            case ScheduleAction.Due when restoreRunning:
                Log.TickHeldForRestore(_logger, ns, name, decision.Tick!.Value);
                return new TickOutcome(last, null);

            case ScheduleAction.Due:
                return await RunTickAsync(policy, effective, decision, plan, records, cancellationToken).ConfigureAwait(false);

            default:
                return new TickOutcome(last, null);
        }
    }

    private async Task<TickOutcome> RunTickAsync(
        BackupPolicy policy,
        EffectivePolicy effective,
        ScheduleDecision decision,
        BackupPlan plan,
        List<BackupRecord> records,
        CancellationToken cancellationToken)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var tick = decision.Tick!.Value;
        var backupName = BackupNames.Automatic(policy.Metadata.Name, tick);
        var admission = BackupAdmission.AdmitAutomatic(effective, records, backupName, plan);
        switch (admission.Outcome)
        {
            case AdmissionOutcome.AlreadyExists:
                return new TickOutcome(tick, null);

            case AdmissionOutcome.Refused:
                return new TickOutcome(tick, admission.Reason == Reasons.LimitReached ? true : null, () =>
                {
                    _metrics.LimitReached(automatic: true);
                    Log.AutomaticRunSkipped(_logger, ns, policy.Metadata.Name, tick, admission.Reason ?? string.Empty);
                    _events.Record(policy, EventType.Warning, admission.Reason ?? Reasons.LimitReached,
                        $"The automatic backup due at {Describe(tick)} was skipped: {admission.Message} (all remaining backups are manual, Creating or the newest Available one).");
                });

            case AdmissionOutcome.AllowedAfterEvicting:
                await DeleteAsync(policy, effective, admission.Evictions, records, cancellationToken).ConfigureAwait(false);
                break;
        }

        var backup = AutomaticBackupFactory.Create(policy, effective, tick);
        var created = await _backups.TryCreateAsync(backup, cancellationToken).ConfigureAwait(false);
        if (created.Created)
        {
            Log.AutomaticBackupCreated(_logger, ns, policy.Metadata.Name, backupName, tick);
            _events.Record(policy, EventType.Normal, "BackupScheduled", decision.SkippedOlderTicks
                ? $"Created automatic Backup {backupName} for {Describe(tick)}, catching up the newest tick missed while the operator was down (older missed ticks are not made)."
                : $"Created automatic Backup {backupName} for {Describe(tick)}.");
        }

        if (!records.Any(r => string.Equals(r.Name, backupName, StringComparison.Ordinal)))
        {
            records.Add(new BackupRecord { Name = backupName, Type = BackupType.Automatic, CreatedAt = _timeProvider.GetUtcNow() });
        }

        return new TickOutcome(tick, false);
    }

    private async Task WriteStatusAsync(BackupPolicy policy, PolicyObservation observation, CancellationToken cancellationToken)
    {
        var before = policy.Status;
        var desired = PolicyStatusBuilder.Build(before, observation, _timeProvider);
        await _policies.PatchStatusIfChangedAsync(policy, desired, cancellationToken).ConfigureAwait(false);
        RecordConditionEvents(policy, before?.Conditions, desired.Conditions);
    }

    /// <summary>An event for every condition that changed its status or reason (LimitReached has its own event at the skip).</summary>
    private void RecordConditionEvents(BackupPolicy policy, List<Condition>? before, List<Condition>? after)
    {
        foreach (var condition in after ?? [])
        {
            var old = Conditions.FindStatusCondition(before, condition.Type);
            if (condition.Type == ConditionTypes.LimitReached
                || (old is not null && old.Status == condition.Status && old.Reason == condition.Reason))
            {
                continue;
            }

            var problem = condition.Type switch
            {
                ConditionTypes.Ready or ConditionTypes.BackupsAvailable or ConditionTypes.VerificationsAvailable => condition.Status != Api.ConditionStatus.True,
                _ => false,
            };
            if (old is null && !problem)
            {
                continue;
            }

            _events.Record(policy, problem ? EventType.Warning : EventType.Normal, condition.Reason, $"{condition.Type}={condition.Status}: {condition.Message}");
        }
    }

    /// <summary>
    /// The policy is being deleted (by a user, GitOps or its deployment going): delete every Backup of it (annotated
    /// <c>deployment</c>), wait until all are gone (their finalizers delete the snapshots), release the credentials
    /// Secret, then remove the policy's own finalizer.
    /// </summary>
    private async Task<ReconcileResult> FinalizeAsync(BackupPolicy policy, List<Backup> cached, CancellationToken cancellationToken)
    {
        if (!policy.HasFinalizer(ApiConstants.PolicyCleanupFinalizer))
        {
            return ReconcileResult.Done;
        }

        var ns = policy.Metadata.NamespaceProperty;
        var name = policy.Metadata.Name;
        var remaining = cached.Count > 0 ? cached : await ListBackupsAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (remaining.Count > 0)
        {
            var deleted = 0;
            foreach (var backup in remaining.Where(b => b.Metadata.DeletionTimestamp is null))
            {
                if (await _deleter.DeleteAsync(ns, backup.Metadata.Name, DeletionCause.Deployment.ToLabel(), cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }

            if (deleted > 0)
            {
                Log.DeletingBackupsOfPolicy(_logger, ns, name, deleted);
                _events.Record(policy, EventType.Normal, "DeletingBackups",
                    $"The policy is being deleted: deleting its {deleted} remaining Backup(s) and their snapshots; the policy goes when they are gone.");
            }

            // Backup deletions re-trigger this reconcile through the watch; the delay is only a safety net.
            return ReconcileResult.After(RetryDelay);
        }

        var secretName = policy.Spec.CredentialsSecretRef is { Name.Length: > 0 } secret ? secret.Name : null;
        var released = secretName is null
                       || await _credentialsFinalizer.ReleaseIfUnusedAsync(ns, secretName, name, cancellationToken).ConfigureAwait(false);
        if (_credentialsFinalizer.HeldSecret(policy) is { } held && !string.Equals(held, secretName, StringComparison.Ordinal))
        {
            await _credentialsFinalizer.ReleaseIfUnusedAsync(ns, held, name, cancellationToken).ConfigureAwait(false);
        }

        _checks.Forget(policy.Metadata.Uid ?? string.Empty);
        _orphans.Forget(policy);
        _verificationSchedule.Forget(policy);

        await _policies.RemoveFinalizerAsync(policy, ApiConstants.PolicyCleanupFinalizer, cancellationToken).ConfigureAwait(false);
        Log.PolicyReleased(_logger, ns, name);

        if (!released)
        {
            // Another policy still referenced the Secret. When several policies sharing it are deleted together (a namespace
            // deletion), each may have seen the others; the last one to go sees none once this policy is gone, so ask again.
            await _credentialsFinalizer.ReleaseIfUnusedAsync(ns, secretName!, name, cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    /// <summary>A consistent read of the policy's Backups from the API (the cache may lag right after deletions).</summary>
    private async Task<List<Backup>> ListBackupsAsync(string ns, string policyName, CancellationToken cancellationToken)
    {
        var all = new List<Backup>();
        string? next = null;
        do
        {
            var page = await _backups.ListAsync(ns, new ListOptions { Limit = 500, Continue = next }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            next = page.Continue;
        }
        while (next is not null);

        return PolicyBackups.Of(all, policyName);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created automatic Backup {Namespace}/{Backup} of policy {Policy} for tick {Tick:O}")]
        public static partial void AutomaticBackupCreated(ILogger logger, string @namespace, string policy, string backup, DateTimeOffset tick);

        [LoggerMessage(2, LogLevel.Warning, "Policy {Namespace}/{Policy} missed the tick {Tick:O}: older than startingDeadlineMinutes")]
        public static partial void ScheduleMissed(ILogger logger, string @namespace, string policy, DateTimeOffset tick);

        [LoggerMessage(3, LogLevel.Warning, "Policy {Namespace}/{Policy} skipped the automatic backup of tick {Tick:O}: {Reason}")]
        public static partial void AutomaticRunSkipped(ILogger logger, string @namespace, string policy, DateTimeOffset tick, string reason);

        [LoggerMessage(4, LogLevel.Information, "Policy {Namespace}/{Policy} holds the tick {Tick:O} while a restore runs on its droplet")]
        public static partial void TickHeldForRestore(ILogger logger, string @namespace, string policy, DateTimeOffset tick);

        [LoggerMessage(5, LogLevel.Information, "Policy {Namespace}/{Policy} deleted Backup {Backup} ({Reason})")]
        public static partial void BackupDeleted(ILogger logger, string @namespace, string policy, string backup, string reason);

        [LoggerMessage(6, LogLevel.Information, "Policy {Namespace}/{Policy} is being deleted: deleting {Count} Backup(s)")]
        public static partial void DeletingBackupsOfPolicy(ILogger logger, string @namespace, string policy, int count);

        [LoggerMessage(7, LogLevel.Information, "Policy {Namespace}/{Policy} has no Backups left; its finalizer is removed")]
        public static partial void PolicyReleased(ILogger logger, string @namespace, string policy);

        [LoggerMessage(8, LogLevel.Warning, "Policy {Namespace}/{Policy} has an invalid spec: {Message}")]
        public static partial void InvalidSpec(ILogger logger, string @namespace, string policy, string message);

        [LoggerMessage(9, LogLevel.Warning, "Policy {Namespace}/{Policy}: the object named by spec.deploymentRef does not exist; retrying")]
        public static partial void DeploymentNotFound(ILogger logger, string @namespace, string policy);

        [LoggerMessage(10, LogLevel.Warning, "Policy {Namespace}/{Policy}: droplet {DropletId} is kept by an older policy; no automatic backups")]
        public static partial void DropletConflict(ILogger logger, string @namespace, string policy, long dropletId);
    }
}
