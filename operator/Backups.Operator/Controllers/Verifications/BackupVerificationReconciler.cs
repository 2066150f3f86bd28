using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Kubernetes.Status;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>
/// Reconciles a BackupVerification: <c>Pending</c> (the backup must be Available; a slot of the token's droplet ceiling)
/// → <c>Creating</c> (intent written: droplet name, size, region, start; then <c>POST /v2/droplets</c> from the snapshot)
/// → <c>Booting</c> (until the droplet is active with a public IPv4) → <c>Probing</c> → <c>Passed</c> | <c>Failed</c>,
/// and the droplet is destroyed in every outcome (<c>status.cleanedUp</c>). The customer's droplet is never touched:
/// the only droplet this controller deletes is one found by id or carrying this verification's name and both tags.
/// </summary>
/// <remarks>
/// After a create POST with an unknown outcome (or a crash between the POST and the status write) the droplet is looked
/// up by its tag and name before anything is POSTed again, and a second POST happens only when none has appeared
/// <see cref="VerificationOptions.AdoptionWindow"/> after the intent. The finalizer
/// <c>backup.platform.dev/verification-cleanup</c> destroys the droplet when the object is deleted mid-run.
/// See docs/design.md, "Verifications".
/// </remarks>
public sealed partial class BackupVerificationReconciler : IReconciler<BackupVerification>
{
    public static readonly TimeSpan WaitResync = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan AmbiguousRetry = TimeSpan.FromSeconds(10);
    public const int DefaultTimeoutMinutes = 20;

    public const string WaitingForBackupReason = "WaitingForBackup";
    public const string WaitingForSlotReason = "WaitingForSlot";
    public const string WaitingForCredentialsReason = "WaitingForCredentials";
    public const string WaitingForDigitalOceanReason = "WaitingForDigitalOcean";
    public const string BackupNotFoundReason = "BackupNotFound";
    public const string BackupNotAvailableReason = "BackupNotAvailable";
    public const string NoFittingSizeReason = "NoFittingSize";
    public const string DropletLimitReason = "DropletLimitReached";
    public const string CreateRejectedReason = "CreateRejected";
    public const string CreatingReason = "Creating";
    public const string BootingReason = "Booting";
    public const string ProbingReason = "Probing";
    public const string ProbePassedReason = "ProbePassed";
    public const string ProbeFailedReason = "ProbeFailed";
    public const string DropletVanishedReason = "DropletVanished";

    private readonly IResourceClient<BackupVerification> _verifications;
    private readonly IResourceClient<Backup> _backups;
    private readonly IResourceClient<BackupPolicy> _policies;
    private readonly IInformerFactory _informers;
    private readonly ICredentialResolver _credentials;
    private readonly IDigitalOceanClientFactory _digitalOcean;
    private readonly IVerificationProber _prober;
    private readonly VerificationSlots _slots;
    private readonly VerificationMetrics _metrics;
    private readonly IEventRecorder _events;
    private readonly VerificationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly PhaseStatusWriter<VerificationPhase> _status;
    private readonly ILogger _logger;

    public BackupVerificationReconciler(
        IResourceClient<BackupVerification> verifications,
        IResourceClient<Backup> backups,
        IResourceClient<BackupPolicy> policies,
        IInformerFactory informers,
        ICredentialResolver credentials,
        IDigitalOceanClientFactory digitalOcean,
        IVerificationProber prober,
        VerificationSlots slots,
        VerificationMetrics metrics,
        IEventRecorder events,
        IOptions<VerificationOptions> options,
        TimeProvider timeProvider,
        ILogger<BackupVerificationReconciler> logger)
    {
        _verifications = verifications;
        _backups = backups;
        _policies = policies;
        _informers = informers;
        _credentials = credentials;
        _digitalOcean = digitalOcean;
        _prober = prober;
        _slots = slots;
        _metrics = metrics;
        _events = events;
        _options = options.Value;
        _timeProvider = timeProvider;
        _status = new PhaseStatusWriter<VerificationPhase>(events, timeProvider, new(VerificationPhase.Passed, "VerificationPassed", VerificationPhase.Failed, "VerificationFailed"));
        _logger = logger;
    }

    /// <summary>A Backup change wakes the verifications that name it (one waiting for the backup to be Available);
    /// a verification's change wakes the Pending ones (a slot may have been freed).</summary>
    public static void Configure(ControllerOptions<BackupVerification> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Watches<Backup>((backup, informers) => informers.GetInformer<BackupVerification>().Store.List(backup.Metadata.NamespaceProperty)
            .Where(v => string.Equals(v.Spec?.BackupName, backup.Metadata.Name, StringComparison.Ordinal))
            .Select(Key));
        options.Watches<BackupVerification>((changed, informers) => changed.Status?.CleanedUp == true
            ? informers.GetInformer<BackupVerification>().Store.List().Where(v => v.Status?.Phase is null or VerificationPhase.Pending).Select(Key)
            : []);
    }

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest<BackupVerification> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Object is null)
        {
            return ReconcileResult.Done;
        }

        var verification = request.Object.DeepClone();
        var phase = verification.Status?.Phase;
        if (verification.Metadata.DeletionTimestamp is not null || phase is VerificationPhase.Passed or VerificationPhase.Failed)
        {
            return await CleanUpAsync(verification, cancellationToken).ConfigureAwait(false);
        }

        if (!verification.HasFinalizer(ApiConstants.VerificationCleanupFinalizer))
        {
            await _verifications.AddFinalizerAsync(verification, ApiConstants.VerificationCleanupFinalizer, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var context = await ContextAsync(verification, cancellationToken).ConfigureAwait(false);
        if (context.Result is { } early)
        {
            return early;
        }

        if (phase is not (null or VerificationPhase.Pending))
        {
            _slots.Hold(context.Client!.TokenLabel, Key(verification));
            if (TimedOut(verification) is { } timedOut)
            {
                return await FailAsync(verification, context, ProbeFailedReason, timedOut, cancellationToken).ConfigureAwait(false);
            }
        }

        return phase switch
        {
            VerificationPhase.Creating => await CreatingAsync(verification, context, mayHavePosted: true, cancellationToken).ConfigureAwait(false),
            VerificationPhase.Booting => await BootingAsync(verification, context, cancellationToken).ConfigureAwait(false),
            VerificationPhase.Probing => await ProbingAsync(verification, context, cancellationToken).ConfigureAwait(false),
            _ => await PendingAsync(verification, context, cancellationToken).ConfigureAwait(false),
        };
    }

    private static ObjectKey Key(BackupVerification verification) => new(verification.Metadata.NamespaceProperty, verification.Metadata.Name);

    // ------------------------------------------------------------------ context: backup, policy, token

    private sealed record RunContext(Backup? Backup, BackupPolicy? Policy, IDigitalOceanClient? Client, ReconcileResult? Result);

    private async Task<RunContext> ContextAsync(BackupVerification verification, CancellationToken cancellationToken)
    {
        var ns = verification.Metadata.NamespaceProperty;
        var backup = await FindAsync(_backups, ns, verification.Spec.BackupName, cancellationToken).ConfigureAwait(false);
        var started = verification.Status?.Phase is not (null or VerificationPhase.Pending);
        if (backup is null)
        {
            return started
                ? new RunContext(null, null, null, await RetryAsync(verification, WaitingForCredentialsReason,
                    $"Backup '{verification.Spec.BackupName}' is gone, so its policy's token is unknown; the temporary droplet is cleaned up once the token can be found again.", cancellationToken).ConfigureAwait(false))
                : new RunContext(null, null, null, await FailAsync(verification, null, BackupNotFoundReason,
                    $"Backup '{verification.Spec.BackupName}' does not exist in namespace '{ns}'. Check spec.backupName (kubectl -n {ns} get backups) and create a new BackupVerification. No droplet was created.", cancellationToken).ConfigureAwait(false));
        }

        var policy = await FindAsync(_policies, ns, backup.Spec.PolicyName, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return new RunContext(backup, null, null, started
                ? await RetryAsync(verification, WaitingForCredentialsReason, $"BackupPolicy '{backup.Spec.PolicyName}' is gone, so the token is unknown; retrying.", cancellationToken).ConfigureAwait(false)
                : await FailAsync(verification, null, Reasons.PolicyNotFound,
                    $"BackupPolicy '{backup.Spec.PolicyName}' of Backup '{backup.Metadata.Name}' does not exist: without it the token is unknown. No droplet was created.", cancellationToken).ConfigureAwait(false));
        }

        var credentials = await _credentials.ResolveAsync(policy, cancellationToken).ConfigureAwait(false);
        if (!credentials.IsResolved)
        {
            return new RunContext(backup, policy, null, credentials.Reason == Reasons.NotOwner && !started
                ? await FailAsync(verification, null, Reasons.NotOwner, credentials.Message + " No droplet was created.", cancellationToken).ConfigureAwait(false)
                : await RetryAsync(verification, WaitingForCredentialsReason, $"{credentials.Message} The verification waits for usable credentials.", cancellationToken).ConfigureAwait(false));
        }

        return new RunContext(backup, policy, _digitalOcean.Create(credentials.Token), null);
    }

    // ------------------------------------------------------------------ Pending: backup Available, a slot, size; intent

    private async Task<ReconcileResult> PendingAsync(BackupVerification verification, RunContext context, CancellationToken cancellationToken)
    {
        var backup = context.Backup!;
        var client = context.Client!;
        var name = backup.Metadata.Name;
        switch (backup.Status?.Phase)
        {
            case null or BackupPhase.Creating:
                await SetStatusAsync(verification, VerificationPhase.Pending, WaitingForBackupReason,
                    $"Backup '{name}' is still being created; the verification starts when it is Available.", null, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.After(WaitResync);
            case BackupPhase.Error or BackupPhase.Deleting:
                return await FailAsync(verification, context, BackupNotAvailableReason,
                    $"Backup '{name}' is in phase {backup.Status.Phase} and has no snapshot to verify. No droplet was created.", cancellationToken).ConfigureAwait(false);
        }

        if (backup.Metadata.DeletionTimestamp is not null || backup.Status?.SnapshotId is not { Length: > 0 } snapshotId)
        {
            return await FailAsync(verification, context, BackupNotAvailableReason,
                $"Backup '{name}' is being deleted or records no snapshot id. No droplet was created.", cancellationToken).ConfigureAwait(false);
        }

        if (!_slots.TryAcquire(client.TokenLabel, Key(verification), _options.MaxDropletsPerToken))
        {
            await SetStatusAsync(verification, VerificationPhase.Pending, WaitingForSlotReason,
                $"{_options.MaxDropletsPerToken.ToString(CultureInfo.InvariantCulture)} verification droplet(s) already run with this DigitalOcean token (the operator's ceiling); this one starts when one is destroyed.",
                null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(WaitResync);
        }

        var snapshot = await client.GetSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (!snapshot.IsOk)
        {
            _slots.Release(Key(verification));
            return snapshot.Kind is DoResultKind.NotFound or DoResultKind.InvalidRequest or DoResultKind.Unauthorized
                ? await FailAsync(verification, context, Reasons.SnapshotMissing,
                    $"Snapshot {snapshotId} of Backup '{name}' cannot be read ({snapshot.Error.Message}). No droplet was created.", cancellationToken).ConfigureAwait(false)
                : await RetryAsync(verification, WaitingForDigitalOceanReason, $"Could not read snapshot {snapshotId} yet ({snapshot.Kind}); retrying.", cancellationToken, snapshot.RetryAfter).ConfigureAwait(false);
        }

        var sizes = await client.ListSizesAsync(cancellationToken).ConfigureAwait(false);
        if (!sizes.IsOk)
        {
            _slots.Release(Key(verification));
            return await RetryAsync(verification, WaitingForDigitalOceanReason, $"Could not list droplet sizes yet ({sizes.Kind}); retrying.", cancellationToken, sizes.RetryAfter).ConfigureAwait(false);
        }

        var region = snapshot.Value.Regions.FirstOrDefault() ?? backup.Status.Region ?? "";
        if (VerificationDroplets.ChooseSize(sizes.Value, verification.Spec.Size, snapshot.Value.MinDiskSize, region) is not { } size)
        {
            _slots.Release(Key(verification));
            return await FailAsync(verification, context, NoFittingSizeReason,
                verification.Spec.Size is { } requested
                    ? $"Size '{requested}' is not offered by DigitalOcean. Remove spec.size (the smallest fitting size is chosen) and create a new BackupVerification. No droplet was created."
                    : $"No available droplet size in {region} has a disk of at least {snapshot.Value.MinDiskSize.ToString(CultureInfo.InvariantCulture)} GB (the snapshot's min_disk_size). No droplet was created.",
                cancellationToken).ConfigureAwait(false);
        }

        var now = Now();
        verification = await SetStatusAsync(verification, VerificationPhase.Creating, CreatingReason,
            $"Creating the temporary droplet {VerificationDroplets.NameOf(verification)} ({size.Slug}, {region}) from snapshot {snapshotId} of Backup '{name}'.",
            s =>
            {
                s.SnapshotId = snapshotId;
                s.DropletName = VerificationDroplets.NameOf(verification);
                s.DropletId = null;
                s.Size = size.Slug;
                s.Region = region;
                s.StartedAt = now;
                s.EstimatedCost = VerificationDroplets.EstimatedCost(size.PriceHourly, TimeSpan.Zero);
                s.CleanedUp = false;
            },
            cancellationToken).ConfigureAwait(false);
        return await CreatingAsync(verification, context, mayHavePosted: false, cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ Creating: adopt by tag, or POST once

    private async Task<ReconcileResult> CreatingAsync(BackupVerification verification, RunContext context, bool mayHavePosted, CancellationToken cancellationToken)
    {
        var client = context.Client!;
        var status = verification.Status!;
        if (mayHavePosted)
        {
            var found = await client.ListDropletsByTagAsync(VerificationDroplets.UidTag(verification), cancellationToken).ConfigureAwait(false);
            if (!found.IsOk)
            {
                return await RetryAsync(verification, WaitingForDigitalOceanReason, $"Could not look for the temporary droplet yet ({found.Kind}); retrying.", cancellationToken, found.RetryAfter).ConfigureAwait(false);
            }

            if (found.Value.Where(d => VerificationDroplets.IsDropletOf(d, verification)).OrderBy(d => d.Id).FirstOrDefault() is { } adopted)
            {
                Log.Adopted(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name, adopted.Id);
                return await BootedOrBootingAsync(verification, adopted, cancellationToken).ConfigureAwait(false);
            }

            var since = Now() - (status.StartedAt ?? Now());
            if (since < _options.AdoptionWindow)
            {
                await SetStatusAsync(verification, VerificationPhase.Creating, CreatingReason,
                    $"The create request's outcome is unknown; looking for droplet {status.DropletName} by its tag before any new request.", null, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.After(AmbiguousRetry);
            }
        }

        var request = new DropletCreateRequest(VerificationDroplets.NameOf(verification), status.Region ?? "", status.Size ?? "",
            long.Parse(status.SnapshotId!, NumberStyles.None, CultureInfo.InvariantCulture), VerificationDroplets.TagsOf(verification));
        var created = await client.CreateDropletAsync(request, cancellationToken).ConfigureAwait(false);
        if (created.IsOk)
        {
            Log.DropletCreated(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name, created.Value.Droplet.Id);
            return await BootedOrBootingAsync(verification, created.Value.Droplet, cancellationToken).ConfigureAwait(false);
        }

        switch (created.Kind)
        {
            case DoResultKind.Ambiguous:
                Log.CreateAmbiguous(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name);
                await SetStatusAsync(verification, VerificationPhase.Creating, CreatingReason,
                    $"The create request's outcome is unknown ({created.Error.Message}); looking for droplet {status.DropletName} by its tag before any new request.",
                    s => s.StartedAt = Now(), cancellationToken).ConfigureAwait(false);
                return ReconcileResult.After(AmbiguousRetry);
            case DoResultKind.InvalidRequest when created.Error.IsDropletLimit:
                return await FailAsync(verification, context, DropletLimitReason,
                    $"DigitalOcean refused the temporary droplet: the account's droplet limit is reached ({created.Error.Message}). Delete a droplet or ask DigitalOcean for a higher limit, then create a new BackupVerification. Nothing was created.",
                    cancellationToken, created: false).ConfigureAwait(false);
            case DoResultKind.InvalidRequest or DoResultKind.NotFound or DoResultKind.Unauthorized:
                return await FailAsync(verification, context, CreateRejectedReason,
                    $"DigitalOcean refused the temporary droplet ({created.Error.StatusCode?.ToString(CultureInfo.InvariantCulture)}: {created.Error.Message}). Nothing was created.",
                    cancellationToken, created: false).ConfigureAwait(false);
            default:
                // Not sent or refused before it took effect (429, connection refused): the POST may be made again.
                return await RetryAsync(verification, WaitingForDigitalOceanReason, $"DigitalOcean did not take the create request ({created.Kind}: {created.Error.Message}); retrying.",
                    cancellationToken, created.RetryAfter).ConfigureAwait(false);
        }
    }

    private async Task<ReconcileResult> BootedOrBootingAsync(BackupVerification verification, Droplet droplet, CancellationToken cancellationToken)
    {
        verification = await SetStatusAsync(verification, VerificationPhase.Booting, BootingReason,
            $"Droplet {droplet.Id.ToString(CultureInfo.InvariantCulture)} ({verification.Status?.Size}) is booting from snapshot {verification.Status?.SnapshotId}.",
            s => s.DropletId = droplet.Id, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(_options.BootPollInterval);
    }

    // ------------------------------------------------------------------ Booting: until active with a public IPv4

    private async Task<ReconcileResult> BootingAsync(BackupVerification verification, RunContext context, CancellationToken cancellationToken)
    {
        var dropletId = verification.Status!.DropletId!.Value;
        var droplet = await context.Client!.GetDropletAsync(dropletId, cancellationToken).ConfigureAwait(false);
        if (droplet.Kind == DoResultKind.NotFound)
        {
            return await FailAsync(verification, context, DropletVanishedReason,
                $"The temporary droplet {dropletId.ToString(CultureInfo.InvariantCulture)} disappeared while booting (deleted outside the operator?).", cancellationToken).ConfigureAwait(false);
        }

        if (!droplet.IsOk)
        {
            return await RetryAsync(verification, WaitingForDigitalOceanReason, $"Could not read droplet {dropletId.ToString(CultureInfo.InvariantCulture)} yet ({droplet.Kind}); retrying.",
                cancellationToken, droplet.RetryAfter).ConfigureAwait(false);
        }

        if (droplet.Value.Status != "active" || droplet.Value.PublicIPv4 is not { Length: > 0 } address)
        {
            return ReconcileResult.After(_options.BootPollInterval);
        }

        var now = Now();
        verification = await SetStatusAsync(verification, VerificationPhase.Probing, ProbingReason,
            $"Droplet {dropletId.ToString(CultureInfo.InvariantCulture)} is active at {address}; probing {ProbeText(verification.Spec.Probe)}.",
            s =>
            {
                s.BootedAt = now;
                s.Address = address;
            },
            cancellationToken).ConfigureAwait(false);
        return await ProbingAsync(verification, context, cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ Probing: the user's port and path on the droplet's IPv4

    private async Task<ReconcileResult> ProbingAsync(BackupVerification verification, RunContext context, CancellationToken cancellationToken)
    {
        var status = verification.Status!;
        var outcome = await _prober.ProbeAsync(status.Address!, verification.Spec.Probe, cancellationToken).ConfigureAwait(false);
        var now = Now();
        var result = new VerificationProbeResult
        {
            Succeeded = outcome.Succeeded,
            Attempts = (status.Probe?.Attempts ?? 0) + 1,
            Detail = outcome.Detail,
            LastAttemptAt = now,
        };
        if (outcome.Succeeded)
        {
            return await FinishAsync(verification, context, VerificationPhase.Passed, ProbePassedReason,
                $"Backup '{verification.Spec.BackupName}' booted on a temporary droplet and answered the probe ({outcome.Detail}).", result, cancellationToken).ConfigureAwait(false);
        }

        if (now - (status.BootedAt ?? now) >= _options.ProbeGracePeriod)
        {
            return await FinishAsync(verification, context, VerificationPhase.Failed, ProbeFailedReason,
                $"Backup '{verification.Spec.BackupName}' booted but did not answer the probe within {_options.ProbeGracePeriod.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes of the droplet being active ({outcome.Detail}). The backup may not restore a working server: check it, and keep older backups.",
                result, cancellationToken).ConfigureAwait(false);
        }

        await SetStatusAsync(verification, VerificationPhase.Probing, ProbingReason,
            $"Probing {ProbeText(verification.Spec.Probe)} on {status.Address}: attempt {result.Attempts.Value.ToString(CultureInfo.InvariantCulture)} failed ({outcome.Detail}); retrying.",
            s => s.Probe = result, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(_options.ProbeInterval);
    }

    private static string ProbeText(VerificationProbe probe) => probe.HttpGet is { } http
        ? $"HTTP GET :{http.Port.ToString(CultureInfo.InvariantCulture)}{http.Path ?? "/"}"
        : $"TCP :{probe.TcpSocket?.Port.ToString(CultureInfo.InvariantCulture)}";

    private string? TimedOut(BackupVerification verification)
    {
        var minutes = verification.Spec.TimeoutMinutes ?? DefaultTimeoutMinutes;
        if (verification.Status?.StartedAt is not { } started || Now() - started < TimeSpan.FromMinutes(minutes))
        {
            return null;
        }

        return verification.Status.Phase switch
        {
            VerificationPhase.Booting or VerificationPhase.Creating =>
                $"The temporary droplet did not boot within timeoutMinutes ({minutes.ToString(CultureInfo.InvariantCulture)}). The backup may not restore a working server, or DigitalOcean is slow: check it and create a new BackupVerification.",
            _ => $"The probe did not pass within timeoutMinutes ({minutes.ToString(CultureInfo.InvariantCulture)}).",
        };
    }

    // ------------------------------------------------------------------ the end: destroy the droplet, in every outcome

    private async Task<ReconcileResult> FailAsync(BackupVerification verification, RunContext? context, string reason, string message, CancellationToken cancellationToken, bool created = true)
    {
        var result = verification.Status?.Probe;
        return await FinishAsync(verification, context, VerificationPhase.Failed, reason, message, result, cancellationToken, created).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> FinishAsync(
        BackupVerification verification, RunContext? context, VerificationPhase phase, string reason, string message, VerificationProbeResult? probe,
        CancellationToken cancellationToken, bool created = true)
    {
        var now = Now();
        var startedAt = verification.Status?.StartedAt;
        var mayHaveDroplet = created && verification.Status?.Phase is VerificationPhase.Creating or VerificationPhase.Booting or VerificationPhase.Probing;
        verification = await SetStatusAsync(verification, phase, reason, message, s =>
        {
            s.CompletedAt = now;
            s.Probe = probe;
            s.CleanedUp = mayHaveDroplet ? false : true;
        }, cancellationToken).ConfigureAwait(false);
        // A policy being deleted gets no new per-policy series: its deletion removes them (docs/design.md, "Scheduled verifications").
        var livePolicy = context?.Policy is { Metadata.DeletionTimestamp: null } policy ? policy.Metadata.Name : null;
        _metrics.Finished(phase == VerificationPhase.Passed, startedAt is { } s ? now - s : null, verification.Metadata.NamespaceProperty, livePolicy, now);
        Log.Finished(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name, phase.ToString(), reason);
        return await CleanUpAsync(verification, cancellationToken, context).ConfigureAwait(false);
    }

    /// <summary>
    /// Destroys the temporary droplet (by id, or found by this verification's tag and name), records <c>cleanedUp</c>,
    /// the droplet-seconds and the cost, and releases the finalizer and the token's slot. A verification deleted
    /// before it finished ends here too, without a status (it is going away).
    /// </summary>
    private async Task<ReconcileResult> CleanUpAsync(BackupVerification verification, CancellationToken cancellationToken, RunContext? context = null)
    {
        var status = verification.Status;
        await RecordOnBackupAsync(verification, context, cancellationToken).ConfigureAwait(false);
        if (status?.CleanedUp != true && (status?.DropletId is not null || status?.Phase is VerificationPhase.Creating or VerificationPhase.Booting or VerificationPhase.Probing
                                          || (status?.DropletName is not null && status.Phase is VerificationPhase.Passed or VerificationPhase.Failed)))
        {
            context ??= await ContextAsync(verification, cancellationToken).ConfigureAwait(false);
            if (context.Client is not { } client)
            {
                return context.Result ?? ReconcileResult.After(RetryDelay);
            }

            var destroyed = await DestroyAsync(verification, client, cancellationToken).ConfigureAwait(false);
            if (destroyed is { } retry)
            {
                return retry;
            }

            var now = Now();
            if (verification.Metadata.DeletionTimestamp is null)
            {
                var existed = now - (status!.StartedAt ?? now);
                var hourly = status.EstimatedCost ?? 0;
                verification = await SetStatusAsync(verification, status.Phase ?? VerificationPhase.Failed, status.Reason ?? ProbeFailedReason, status.Message ?? "",
                    s =>
                    {
                        s.CleanedUp = true;
                        s.DropletSeconds = (long)Math.Max(0, existed.TotalSeconds);
                        s.EstimatedCost = status.Phase is VerificationPhase.Passed or VerificationPhase.Failed && s.DropletSeconds > 0
                            ? VerificationDroplets.EstimatedCost(hourly, existed)
                            : hourly;
                    },
                    cancellationToken).ConfigureAwait(false);
                _events.Record(verification, EventType.Normal, "DropletDestroyed",
                    $"The temporary droplet {status.DropletId?.ToString(CultureInfo.InvariantCulture) ?? status.DropletName} was destroyed after {(long)existed.TotalSeconds} s.");
            }
        }

        _slots.Release(Key(verification));
        if (verification.HasFinalizer(ApiConstants.VerificationCleanupFinalizer))
        {
            await _verifications.RemoveFinalizerAsync(verification, ApiConstants.VerificationCleanupFinalizer, cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    /// <summary>Writes the verdict onto the Backup (<see cref="BackupVerificationRecorder"/>) unless it is already there.</summary>
    private async Task RecordOnBackupAsync(BackupVerification verification, RunContext? context, CancellationToken cancellationToken)
    {
        if (verification.Metadata.DeletionTimestamp is not null || verification.Status?.Phase is not (VerificationPhase.Passed or VerificationPhase.Failed))
        {
            return;
        }

        var backup = context?.Backup ?? await FindAsync(_backups, verification.Metadata.NamespaceProperty, verification.Spec.BackupName, cancellationToken).ConfigureAwait(false);
        if (backup is null || backup.Metadata.DeletionTimestamp is not null || !BackupVerificationRecorder.IsDue(verification, backup))
        {
            return;
        }

        await BackupVerificationRecorder.WriteAsync(_backups, backup, verification, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the droplet by id, else every droplet carrying this verification's name and tags. Null when done.</summary>
    private async Task<ReconcileResult?> DestroyAsync(BackupVerification verification, IDigitalOceanClient client, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        if (verification.Status?.DropletId is { } id)
        {
            ids.Add(id);
        }

        var tagged = await client.ListDropletsByTagAsync(VerificationDroplets.UidTag(verification), cancellationToken).ConfigureAwait(false);
        if (!tagged.IsOk)
        {
            Log.CleanupFailed(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name, tagged.Kind.ToString());
            return ReconcileResult.After(tagged.RetryAfter ?? RetryDelay);
        }

        ids.AddRange(tagged.Value.Where(d => VerificationDroplets.IsDropletOf(d, verification)).Select(d => d.Id));
        foreach (var dropletId in ids.Distinct())
        {
            var deleted = await client.DeleteDropletAsync(dropletId, cancellationToken).ConfigureAwait(false);
            if (!deleted.IsOk)
            {
                Log.CleanupFailed(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name, deleted.Kind.ToString());
                _events.Record(verification, EventType.Warning, "DropletCleanupFailed",
                    $"Destroying the temporary droplet {dropletId.ToString(CultureInfo.InvariantCulture)} failed ({deleted.Kind}: {deleted.Error.Message}); retrying.");
                return ReconcileResult.After(deleted.RetryAfter ?? RetryDelay);
            }

            Log.DropletDestroyed(_logger, verification.Metadata.NamespaceProperty, verification.Metadata.Name, dropletId);
        }

        return null;
    }

    // ------------------------------------------------------------------ helpers

    private DateTimeOffset Now() => StatusTime.WholeSeconds(_timeProvider.GetUtcNow());

    private async Task<ReconcileResult> RetryAsync(BackupVerification verification, string reason, string message, CancellationToken cancellationToken, TimeSpan? after = null)
    {
        await SetStatusAsync(verification, verification.Status?.Phase ?? VerificationPhase.Pending, reason, message, null, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(after is { } a && a > TimeSpan.Zero ? a : RetryDelay);
    }

    private Task<BackupVerification> SetStatusAsync(
        BackupVerification verification, VerificationPhase phase, string reason, string message, Action<BackupVerificationStatus>? mutate, CancellationToken cancellationToken) =>
        _status.SetAsync(_verifications, verification, phase, reason, message, mutate, cancellationToken);

    private async Task<T?> FindAsync<T>(IResourceClient<T> client, string ns, string name, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return _informers.GetInformer<T>().Store.Get(ns, name)
               ?? await client.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Verification {Namespace}/{Verification} created droplet {DropletId}")]
        public static partial void DropletCreated(ILogger logger, string @namespace, string verification, long dropletId);

        [LoggerMessage(2, LogLevel.Warning, "Verification {Namespace}/{Verification}: the create POST had an unknown outcome; looking for the droplet by tag before any new POST")]
        public static partial void CreateAmbiguous(ILogger logger, string @namespace, string verification);

        [LoggerMessage(3, LogLevel.Information, "Verification {Namespace}/{Verification} adopted droplet {DropletId} found by its tag")]
        public static partial void Adopted(ILogger logger, string @namespace, string verification, long dropletId);

        [LoggerMessage(4, LogLevel.Information, "Verification {Namespace}/{Verification} ended {Phase} ({Reason})")]
        public static partial void Finished(ILogger logger, string @namespace, string verification, string phase, string reason);

        [LoggerMessage(5, LogLevel.Information, "Verification {Namespace}/{Verification} destroyed droplet {DropletId}")]
        public static partial void DropletDestroyed(ILogger logger, string @namespace, string verification, long dropletId);

        [LoggerMessage(6, LogLevel.Warning, "Verification {Namespace}/{Verification}: cleaning up the droplet failed ({Kind}); retrying")]
        public static partial void CleanupFailed(ILogger logger, string @namespace, string verification, string kind);
    }
}
