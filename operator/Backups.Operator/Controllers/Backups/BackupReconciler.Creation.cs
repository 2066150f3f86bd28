using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Controllers.Backups;

public sealed partial class BackupReconciler
{
    /// <summary>Phase Creating: request, adopt or poll the snapshot; Slow and Timeout.</summary>
    private async Task<ReconcileResult> CreateAsync(BackupStep step, BackupPolicy? policy, CancellationToken cancellationToken)
    {
        var elapsed = Now - (step.Status.StartedAt ?? step.CreatedAt);
        // A Backup not yet requested only because its token's budget is booked out does not time out: every due backup
        // is POSTed in its turn (docs/digitalocean-api.md, "Rate limits"); the timeout is for droplets that stay busy.
        if (elapsed >= Options.CreationTimeout && !(step.Status.SnapshotName is null && _memory.WaitsForBudget(step.Uid)))
        {
            return await TimeOutAsync(step, elapsed, cancellationToken).ConfigureAwait(false);
        }

        if (policy is null)
        {
            if (step.Status.SnapshotName is null)
            {
                return await FailAsync(step, Reasons.PolicyNotFound,
                    $"BackupPolicy '{step.Backup.Spec.PolicyName}' was deleted before the snapshot was requested.", cancellationToken).ConfigureAwait(false);
            }

            SetReady(step, false, Reasons.PolicyNotFound,
                $"BackupPolicy '{step.Backup.Spec.PolicyName}' is gone, so the snapshot {step.Status.SnapshotName} cannot be followed (no token).");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, TimeSpan.FromMinutes(1), "policy gone");
        }

        if (step.Status.SnapshotName is null)
        {
            return await StartAsync(step, policy, cancellationToken).ConfigureAwait(false);
        }

        if (step.Status.ActionId is not null && SnapshotTiming.IsEarly(elapsed, Expected(step, step.Status.DropletId ?? policy.Spec.DropletId)))
        {
            // Woken by an unrelated event before the snapshot can be done: no DigitalOcean call.
            return await StillCreatingAsync(step, step.Status.DropletId ?? policy.Spec.DropletId, cancellationToken).ConfigureAwait(false);
        }

        // Following a snapshot already requested (its action id is known) yields the token's budget to due work that starts
        // a backup; adopting an unanswered POST does not, since it decides whether to POST again (docs/digitalocean-api.md).
        var priority = step.Status.ActionId is null ? RequestPriority.Normal : RequestPriority.Poll;
        var access = await _access.GetClientAsync(policy, priority, cancellationToken).ConfigureAwait(false);
        if (!access.IsOk)
        {
            // The snapshot may be in flight: keep following it; the timeout ends this if the token never comes back.
            SetReady(step, false, access.Reason, $"Cannot follow snapshot {step.Status.SnapshotName}: {access.Message}");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, access.RetryAfter ?? TimeSpan.FromMinutes(1), "no client");
        }

        var dropletId = step.Status.DropletId ?? policy.Spec.DropletId;
        return step.Status.ActionId is null
            ? await AdoptAsync(step, policy, access.Client, dropletId, cancellationToken).ConfigureAwait(false)
            : await PollAsync(step, policy, access.Client, dropletId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the droplet, persists the intent (snapshot name, start time), POSTs the snapshot and persists the action id.</summary>
    private async Task<ReconcileResult> StartAsync(BackupStep step, BackupPolicy policy, CancellationToken cancellationToken)
    {
        var waited = Now - step.CreatedAt;
        if (_memory.BookedSlot(step.Uid) is { } slot && slot > Now)
        {
            // Woken before the slot its token booked for it: a call now would only be refused and book a later one.
            return RequeueAfter(step, slot - Now, "waiting for the token's booked slot");
        }

        // Queued behind another Backup or a restore of the droplet: known from the cache, so no DigitalOcean request is
        // spent (hundreds of queued Backups reading their droplet would eat the budget of the one that may go).
        if (WaitingFor(step, step.Status.DropletId ?? policy.Spec.DropletId) is { } queued)
        {
            _memory.WaitForBudget(step.Uid, false);
            SetReady(step, false, Reasons.Queued, queued);
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, SnapshotTiming.QueueRetry(waited), "droplet busy");
        }

        // After a POST the rate limiter refused, the droplet read then is used again: the booked slot goes to the POST
        // itself, not to a second GET that would leave the POST without a slot once more (docs/digitalocean-api.md).
        var remembered = _memory.TakeReadBeforeRefusedPost(step.Uid);
        var access = remembered is null
            ? await _access.ConnectAsync(policy, RequestPriority.Normal, cancellationToken).ConfigureAwait(false)
            : await _access.GetClientAsync(policy, RequestPriority.Normal, cancellationToken).ConfigureAwait(false);
        if (!access.IsOk)
        {
            if (access.IsTransient)
            {
                _memory.WaitForBudget(step.Uid, access.Reason == nameof(DoResultKind.RateLimited));
                if (access.Reason == nameof(DoResultKind.RateLimited))
                {
                    _memory.RememberBookedSlot(step.Uid, Now + access.RetryAfter!.Value);
                }

                SetReady(step, false, Reasons.Queued, access.Message);
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                return RequeueAfter(step, access.RetryAfter!.Value, "DigitalOcean unavailable");
            }

            return await FailAsync(step, access.Reason, access.Message, cancellationToken).ConfigureAwait(false);
        }

        var droplet = remembered ?? access.Droplet!;
        _memory.RememberDisk(droplet.Id, droplet.DiskGigabytes);
        if (string.Equals(droplet.Status, "archive", StringComparison.OrdinalIgnoreCase))
        {
            return await FailAsync(step, Reasons.DropletArchived,
                $"Droplet {droplet.Id} ('{droplet.Name}') is archived: it cannot be snapshotted. Restore or recreate the droplet, then create a new Backup.",
                cancellationToken).ConfigureAwait(false);
        }

        var busy = Busy(step, droplet);
        if (busy is not null)
        {
            _memory.WaitForBudget(step.Uid, false);
            SetReady(step, false, Reasons.Queued, busy);
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, SnapshotTiming.QueueRetry(waited), "droplet busy");
        }

        // Intent first: a crash or lost response after the POST is recovered by this name, never by a second POST.
        var snapshotName = BackupNames.Snapshot(step.Namespace, step.Name, step.Uid);
        step.Status.SnapshotName = snapshotName;
        step.Status.StartedAt = Now;
        step.Status.ExpectedCompletionAt = null;
        step.Status.ExpectedCompletionAt = Now + Expected(step, droplet.Id);
        step.Status.DropletId = droplet.Id;
        step.Status.Region ??= droplet.RegionSlug;
        SetReady(step, false, Reasons.InProgress, $"Requesting snapshot {snapshotName} of droplet {droplet.Id}.");
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);

        var posted = await access.Client.SnapshotDropletAsync(droplet.Id, snapshotName, cancellationToken).ConfigureAwait(false);
        switch (posted.Kind)
        {
            case DoResultKind.Ok:
                _memory.WaitForBudget(step.Uid, false);
                await RecordActionAsync(step, posted.Value!, cancellationToken).ConfigureAwait(false);
                Log.SnapshotRequested(_logger, step.Namespace, step.Name, snapshotName, droplet.Id, posted.Value!.Id);
                _events.Record(step.Backup, EventType.Normal, BackupEventReasons.SnapshotRequested,
                    $"Snapshot {snapshotName} of droplet {droplet.Id} requested (action {posted.Value.Id}).");
                return RequeueAfter(step, NextPoll(step, droplet.Id), "snapshot requested");

            case DoResultKind.PendingEvent or DoResultKind.RateLimited:
                // Definitely not accepted: withdraw the intent and wait.
                if (posted.Kind == DoResultKind.RateLimited)
                {
                    _memory.RememberReadBeforeRefusedPost(step.Uid, droplet);
                }

                _memory.WaitForBudget(step.Uid, posted.Kind == DoResultKind.RateLimited);
                if (posted.Kind == DoResultKind.RateLimited)
                {
                    _memory.RememberBookedSlot(step.Uid, Now + (posted.RetryAfter ?? TimeSpan.FromSeconds(30)));
                }

                step.Status.SnapshotName = null;
                step.Status.StartedAt = null;
                step.Status.ExpectedCompletionAt = null;
                var why = posted.Kind == DoResultKind.PendingEvent
                    ? $"Droplet {droplet.Id} already has a pending event at DigitalOcean; the snapshot is requested when it is free."
                    : "DigitalOcean's rate limit for this token is reached; the snapshot is requested when it allows.";
                SetReady(step, false, Reasons.Queued, why);
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                _events.Record(step.Backup, EventType.Normal, BackupEventReasons.Queued, why);
                return RequeueAfter(step,
                    posted.Kind == DoResultKind.RateLimited ? posted.RetryAfter ?? TimeSpan.FromSeconds(30) : SnapshotTiming.QueueRetry(waited),
                    posted.Kind.ToString());

            case DoResultKind.Ambiguous or DoResultKind.Transient:
                Log.SnapshotRequestAmbiguous(_logger, step.Namespace, step.Name, snapshotName, posted.Kind.ToString());
                SetReady(step, false, Reasons.InProgress,
                    $"The snapshot request for {snapshotName} got no clear answer ({posted.Error}); looking for it on the droplet instead of requesting it again.");
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                return RequeueAfter(step, TimeSpan.FromSeconds(10), "ambiguous POST");

            case DoResultKind.NotFound:
                return await FailAsync(step, Reasons.DropletNotFound,
                    $"Droplet {droplet.Id} was not found when the snapshot was requested ({posted.Error}).", cancellationToken).ConfigureAwait(false);

            case DoResultKind.Unauthorized:
                return await FailAsync(step, Reasons.Unauthorized,
                    $"DigitalOcean refused the snapshot request ({posted.Error}): the token needs the droplet:update and image:create scopes.", cancellationToken).ConfigureAwait(false);

            default:
                return await FailAsync(step, Reasons.ActionErrored,
                    $"DigitalOcean refused the snapshot request: {posted.Error}.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Why no snapshot may be requested on the droplet now, or null. The operator runs one action per droplet by itself,
    /// without relying on DigitalOcean's 422: a Backup goes only when the droplet is not locked, no restore runs on it, no
    /// other Backup of it has a request in flight, and it is the oldest of the droplet's Backups waiting to request
    /// (creation time, then namespace and name). The message says its position in that queue.
    /// </summary>
    private string? Busy(BackupStep step, Droplet droplet)
    {
        if (WaitingFor(step, droplet.Id) is { } waiting)
        {
            return waiting;
        }

        return droplet.Locked
            ? $"Droplet {droplet.Id} is locked by another DigitalOcean action; the snapshot is requested when it is free."
            : null;
    }

    /// <summary>What the Backup waits for on <paramref name="dropletId"/> according to the cache (other Backups, restores), or null.</summary>
    private string? WaitingFor(BackupStep step, long dropletId)
    {
        var queue = DropletQueue.Of(BackupIndexes.OfDroplet(_informers, dropletId), dropletId, step.Backup);
        if (!queue.CanRequest)
        {
            return queue.Describe(dropletId);
        }

        var restores = _informers.GetInformer<BackupRestore>().Store.List();
        var restore = DropletRestores.Blocking(restores, step.Backup, dropletId);
        if (restore is not null)
        {
            return $"BackupRestore '{restore.Metadata.Name}' is running on droplet {dropletId}; the snapshot is requested when it ends.";
        }

        var waiting = DropletRestores.WaitingBefore(restores, step.Backup, dropletId, Restores.BackupRestoreReconciler.WaitingForDropletReason);
        if (waiting is not null)
        {
            return $"BackupRestore '{waiting.Metadata.Name}' was created before this Backup and waits for droplet {dropletId}; the snapshot is requested after it (oldest first).";
        }

        return null;
    }

    /// <summary>Writes the action id right after the POST; on a conflict re-reads and writes it onto the fresh object.</summary>
    private async Task RecordActionAsync(BackupStep step, DropletAction action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            step.Status.ActionId = action.Id;
            step.Status.Region = action.RegionSlug ?? step.Status.Region;
            SetReady(step, false, Reasons.InProgress, $"Snapshot {step.Status.SnapshotName} is being taken (action {action.Id}).");
            try
            {
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (ApiErrors.IsConflict(e) && attempt < 3)
            {
                var fresh = await _backups.GetAsync(step.Namespace, step.Name, cancellationToken).ConfigureAwait(false);
                if (fresh?.Status is not { } freshStatus || freshStatus.SnapshotName != step.Status.SnapshotName || freshStatus.ActionId is not null)
                {
                    // Someone else moved it on; the next reconcile adopts the action by name.
                    return;
                }

                step.Backup = fresh;
                step.Status = StatusMergePatch.Copy(freshStatus);
            }
        }
    }

    /// <summary>
    /// The name is persisted but no action id (a crash or an ambiguous answer around the POST). Only the snapshot's
    /// deterministic name is evidence that something is this Backup's: a snapshot with that name is adopted; an action never
    /// is by itself (DigitalOcean's actions do not carry the snapshot name), it is followed through the name instead. The
    /// snapshot is requested again only when, no earlier than the intent's own timeout, all three checks say nothing
    /// happened: no snapshot of that name, no action on the droplet since the intent that is in progress or just completed
    /// (every page, no ordering assumed), and the droplet is not locked.
    /// </summary>
    private async Task<ReconcileResult> AdoptAsync(BackupStep step, BackupPolicy policy, IDigitalOceanClient client, long dropletId, CancellationToken cancellationToken)
    {
        var snapshotName = step.Status.SnapshotName!;
        var byName = await client.FindDropletSnapshotsByNameAsync(dropletId, snapshotName, cancellationToken).ConfigureAwait(false);
        if (!byName.IsOk)
        {
            return RequeueAfter(step, byName.RetryAfter ?? TimeSpan.FromSeconds(30), $"find by name: {byName.Kind}");
        }

        if (byName.Value.Count > 0)
        {
            var snapshot = byName.Value[0];
            Log.Adopted(_logger, step.Namespace, step.Name, snapshotName, null, snapshot.Id);
            _events.Record(step.Backup, EventType.Normal, BackupEventReasons.SnapshotAdopted, $"Found snapshot {snapshotName} ({snapshot.Id}) by its name.");
            return await CompleteAsync(step, policy, snapshot, null, cancellationToken).ConfigureAwait(false);
        }

        var startedAt = step.Status.StartedAt ?? step.CreatedAt;
        var intentTimeout = IntentTimeout(step);
        if (Now < intentTimeout)
        {
            SetReady(step, false, Reasons.InProgress,
                $"The snapshot request for {snapshotName} got no clear answer; looking for a snapshot of that name until {intentTimeout:u} before requesting it again.");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, Min(TimeSpan.FromSeconds(30), intentTimeout - Now), "looking for the snapshot by name");
        }

        var actions = await client.ListDropletActionsAsync(dropletId, cancellationToken).ConfigureAwait(false);
        if (!actions.IsOk)
        {
            return RequeueAfter(step, actions.RetryAfter ?? TimeSpan.FromSeconds(30), $"droplet actions: {actions.Kind}");
        }

        var trace = RequestTrace.Find(actions.Value, startedAt, Now, SnapshotListingGrace, OthersActionIds(step));
        if (trace is not null)
        {
            SetReady(step, false, Reasons.InProgress,
                $"Droplet {dropletId} has {trace} since the snapshot {snapshotName} was requested; waiting for a snapshot of that name before anything is requested again.");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, TimeSpan.FromSeconds(30), "droplet has a recent action");
        }

        var droplet = await client.GetDropletAsync(dropletId, cancellationToken).ConfigureAwait(false);
        if (!droplet.IsOk)
        {
            return RequeueAfter(step, droplet.RetryAfter ?? TimeSpan.FromSeconds(30), $"droplet: {droplet.Kind}");
        }

        if (droplet.Value.Locked)
        {
            SetReady(step, false, Reasons.InProgress,
                $"Droplet {dropletId} is locked by a DigitalOcean action; waiting for a snapshot named {snapshotName} before anything is requested again.");
            await SaveAsync(step, cancellationToken).ConfigureAwait(false);
            return RequeueAfter(step, TimeSpan.FromSeconds(30), "droplet locked");
        }

        // No snapshot of that name, no action since the intent, the droplet idle, past the intent's timeout: the request
        // never took effect. Withdraw the intent; the next reconcile requests the same name again.
        var message = $"DigitalOcean has no snapshot named {snapshotName} and droplet {dropletId} had no action since it was requested at {startedAt:u}: the request never took effect; requesting it again.";
        _events.Record(step.Backup, EventType.Warning, BackupEventReasons.SnapshotRequestLost, message);
        step.Status.SnapshotName = null;
        step.Status.StartedAt = null;
        step.Status.ExpectedCompletionAt = null;
        SetReady(step, false, Reasons.Queued, message);
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        return RequeueAfter(step, TimeSpan.FromSeconds(1), "request lost");
    }

    /// <summary>The action ids other Backups record in their status: each came from the answer to that Backup's own POST, so
    /// none of them is this Backup's request.</summary>
    private HashSet<long> OthersActionIds(BackupStep step) =>
        _informers.GetInformer<Backup>().Store.List()
            .Where(b => b.Metadata.Uid != step.Backup.Metadata.Uid && b.Status?.ActionId is not null)
            .Select(static b => b.Status!.ActionId!.Value)
            .ToHashSet();

    /// <summary>The earliest time a persisted intent may be given up: <see cref="AdoptionGrace"/> after it, and never before
    /// the snapshot was expected to be done.</summary>
    private static DateTimeOffset IntentTimeout(BackupStep step)
    {
        var startedAt = step.Status.StartedAt ?? step.CreatedAt;
        var graceEnd = startedAt + AdoptionGrace;
        return step.Status.ExpectedCompletionAt is { } expected && expected > graceEnd ? expected : graceEnd;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Polls the recorded action.</summary>
    private async Task<ReconcileResult> PollAsync(BackupStep step, BackupPolicy policy, IDigitalOceanClient client, long dropletId, CancellationToken cancellationToken)
    {
        var polled = await client.GetActionAsync(step.Status.ActionId!.Value, cancellationToken).ConfigureAwait(false);
        switch (polled.Kind)
        {
            case DoResultKind.Ok:
                return await HandleActionAsync(step, policy, client, dropletId, polled.Value!, cancellationToken).ConfigureAwait(false);
            case DoResultKind.NotFound:
                // Briefly possible right after creation; otherwise the name still finds the snapshot.
                var byName = await client.FindDropletSnapshotsByNameAsync(dropletId, step.Status.SnapshotName!, cancellationToken).ConfigureAwait(false);
                if (byName.IsOk && byName.Value.Count > 0)
                {
                    return await CompleteAsync(step, policy, byName.Value[0], null, cancellationToken).ConfigureAwait(false);
                }

                return await StillCreatingAsync(step, dropletId, cancellationToken).ConfigureAwait(false);
            case DoResultKind.Unauthorized:
                SetReady(step, false, Reasons.Unauthorized, $"DigitalOcean refused to show action {step.Status.ActionId} ({polled.Error}): check the token.");
                await SaveAsync(step, cancellationToken).ConfigureAwait(false);
                return RequeueAfter(step, TimeSpan.FromMinutes(1), "unauthorized");
            default:
                return RequeueAfter(step, polled.RetryAfter ?? TimeSpan.FromSeconds(30), $"poll: {polled.Kind}");
        }
    }

    private async Task<ReconcileResult> HandleActionAsync(
        BackupStep step, BackupPolicy policy, IDigitalOceanClient client, long dropletId, DropletAction action, CancellationToken cancellationToken)
    {
        if (action.IsErrored)
        {
            var at = action.CompletedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "an unknown time";
            return await FailAsync(step, Reasons.ActionErrored,
                $"DigitalOcean reported snapshot action {action.Id} of droplet {dropletId} as '{action.Status}' (at {at}): no snapshot was made. Check the droplet in DigitalOcean, then create a new Backup.",
                cancellationToken).ConfigureAwait(false);
        }

        if (!action.IsCompleted)
        {
            return await StillCreatingAsync(step, dropletId, cancellationToken).ConfigureAwait(false);
        }

        var found = await client.FindDropletSnapshotsByNameAsync(dropletId, step.Status.SnapshotName!, cancellationToken).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return RequeueAfter(step, found.RetryAfter ?? TimeSpan.FromSeconds(30), $"find by name: {found.Kind}");
        }

        if (found.Value.Count > 0)
        {
            return await CompleteAsync(step, policy, found.Value[0], action.CompletedAt, cancellationToken).ConfigureAwait(false);
        }

        if (Now - (action.CompletedAt ?? Now) < SnapshotListingGrace)
        {
            return RequeueAfter(step, TimeSpan.FromSeconds(15), "snapshot not listed yet");
        }

        return await FailAsync(step, Reasons.SnapshotMissing,
            $"Snapshot action {action.Id} completed but droplet {dropletId} has no snapshot named {step.Status.SnapshotName}: it was deleted outside the operator. Create a new Backup.",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>In progress: the Slow condition and the next poll.</summary>
    private async Task<ReconcileResult> StillCreatingAsync(BackupStep step, long dropletId, CancellationToken cancellationToken)
    {
        var elapsed = Now - (step.Status.StartedAt ?? step.CreatedAt);
        var options = Options;
        if (elapsed >= options.SlowAfter && !KubernetesConditionsIsTrue(step, ConditionTypes.Slow))
        {
            var message = $"The snapshot has taken {elapsed.TotalMinutes:0} minutes, more than {options.SlowAfter.TotalMinutes:0}; it is still running (action {step.Status.ActionId}).";
            SetCondition(step, ConditionTypes.Slow, true, ConditionTypes.Slow, message);
            _events.Record(step.Backup, EventType.Warning, BackupEventReasons.Slow, message);
        }

        SetReady(step, false, Reasons.InProgress, $"Snapshot {step.Status.SnapshotName} is being taken (action {step.Status.ActionId}).");
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);
        return RequeueAfter(step, NextPoll(step, dropletId), "in progress");
    }

    private TimeSpan NextPoll(BackupStep step, long dropletId)
    {
        var elapsed = Now - (step.Status.StartedAt ?? Now);
        var options = Options;
        return SnapshotTiming.NextPoll(elapsed, Expected(step, dropletId), options.SlowAfter, options.CreationTimeout);
    }

    /// <summary>The expected duration: as persisted with the request, else learned from the droplet's earlier backups, else its
    /// disk size (remembered), else a default.</summary>
    private TimeSpan Expected(BackupStep step, long dropletId)
    {
        if (step.Status is { StartedAt: { } started, ExpectedCompletionAt: { } expectedAt } && expectedAt > started)
        {
            // Persisted with the request: survives a restart (the in-memory disk sizes do not).
            return expectedAt - started;
        }

        var history = BackupIndexes.OfDroplet(_informers, dropletId).Where(b => b.Metadata.NamespaceProperty == step.Namespace && b.Metadata.Uid != step.Uid);
        return SnapshotTiming.Expected(history, _memory.DiskGigabytes(dropletId), Options.FirstPollSecondsPerDiskGigabyte);
    }

    private static bool KubernetesConditionsIsTrue(BackupStep step, string type) =>
        Kubernetes.Status.Conditions.IsStatusConditionTrue(step.Status.Conditions, type);

    /// <summary>The snapshot exists: record it and become Available.</summary>
    private async Task<ReconcileResult> CompleteAsync(
        BackupStep step, BackupPolicy? policy, Snapshot snapshot, DateTimeOffset? completedAt, CancellationToken cancellationToken)
    {
        var wasCreating = step.Status.Phase is BackupPhase.Creating;
        step.Status.SnapshotId = snapshot.Id;
        step.Status.SizeGigabytes = snapshot.SizeGigabytes;
        step.Status.Region = snapshot.Regions.FirstOrDefault() ?? step.Status.Region;
        step.Status.CompletedAt = completedAt ?? snapshot.CreatedAt;
        if (step.Status.ExpiresAt is null && policy is not null && PlanCatalog.Resolve(policy.Spec) is { IsValid: true } resolution)
        {
            step.Status.ExpiresAt = step.CreatedAt + resolution.Policy.ExpireAfter;
        }

        step.Status.Phase = BackupPhase.Available;
        if (KubernetesConditionsIsTrue(step, ConditionTypes.Slow))
        {
            SetCondition(step, ConditionTypes.Slow, false, Reasons.Completed, "The snapshot completed.");
        }

        var late = wasCreating ? string.Empty : " It landed after the timeout and was adopted.";
        SetReady(step, true, Reasons.Completed,
            $"Snapshot {step.Status.SnapshotName} ({snapshot.Id}, {snapshot.SizeGigabytes.ToString("0.##", CultureInfo.InvariantCulture)} GB) is available.{late}");
        await SaveAsync(step, cancellationToken).ConfigureAwait(false);

        var duration = step.Status.StartedAt is { } started && step.Status.CompletedAt is { } done ? done - started : (TimeSpan?)null;
        if (wasCreating)
        {
            _metrics.BackupCreated(success: true, duration);
        }

        return AvailableRequeue(step);
    }

    /// <summary>Past the hard limit: Error Timeout, keeping the action id and name so a late snapshot is still adopted or deleted.</summary>
    private async Task<ReconcileResult> TimeOutAsync(BackupStep step, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var message = step.Status.SnapshotName is null
            ? $"The snapshot could not be requested within {Options.CreationTimeout.TotalMinutes:0} minutes ({step.Status.Message}). Create a new Backup when the droplet is free."
            : $"The snapshot {step.Status.SnapshotName} did not finish within {Options.CreationTimeout.TotalMinutes:0} minutes (action {step.Status.ActionId?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}). The operator keeps watching it: a snapshot that lands late is adopted, or deleted with this Backup.";
        await FailAsync(step, Reasons.Timeout, message, cancellationToken).ConfigureAwait(false);
        return step.Status.SnapshotName is null ? ReconcileResult.Done : RequeueAfter(step, SnapshotTiming.LatePoll(elapsed), "timed out; watching for a late snapshot");
    }
}
