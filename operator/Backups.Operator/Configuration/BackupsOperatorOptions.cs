using System.ComponentModel.DataAnnotations;

namespace Backups.Operator.Configuration;

/// <summary>
/// The backup operator's own settings (section <c>Backups</c>); the runtime's are in <c>OperatorRuntimeOptions</c>.
/// Validated at start-up.
/// </summary>
public sealed class BackupsOperatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Backups";

    /// <summary>
    /// The namespace the operator runs in; the platform token Secret is read from it. In a pod this comes from
    /// the downward API (<c>POD_NAMESPACE</c>).
    /// </summary>
    [Required]
    public string OperatorNamespace { get; set; } = "backups-system";

    /// <summary>
    /// The platform token from the environment (<c>DIGITALOCEAN_TOKEN</c>). Never logged. When empty the
    /// <see cref="PlatformTokenSecretName"/> Secret is read instead.
    /// </summary>
    public string? PlatformToken { get; set; }

    /// <summary>A Secret in <see cref="OperatorNamespace"/> holding the platform token under key <c>token</c>.</summary>
    public string? PlatformTokenSecretName { get; set; }

    /// <summary>The key of the platform token in its Secret.</summary>
    [Required]
    public string PlatformTokenSecretKey { get; set; } = "token";

    /// <summary>DigitalOcean's list price of snapshot storage, USD per GB-month.</summary>
    [Range(0.0, 100.0)]
    public double PricePerGigabyteMonth { get; set; } = 0.06;

    /// <summary>After this long in Creating the <c>Slow</c> condition turns True.</summary>
    public TimeSpan SlowAfter { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>After this long in Creating the phase is Error, reason <c>Timeout</c>.</summary>
    public TimeSpan CreationTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>
    /// How often each policy's token, droplet and snapshots are checked: one GET of the droplet and one paged list of its
    /// snapshots per policy, which is also the check that every Available backup's snapshot still exists (docs/design.md,
    /// "Snapshot checks").
    /// </summary>
    public TimeSpan SnapshotCheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long a snapshot with the operator's naming on a policy's droplet that belongs to no Backup (an orphan) is
    /// reported before it is deleted (only when the policy's deletionPolicy is Delete). See docs/design.md, "Orphan sweep".
    /// </summary>
    public TimeSpan OrphanSnapshotGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The first-poll estimate of a droplet nothing was learned about yet: seconds per GB of allocated disk
    /// (<c>--first-poll-seconds-per-disk-gb</c>). Once a droplet has completed backups, their durations are used instead.
    /// </summary>
    [Range(0.1, 3600.0)]
    public double FirstPollSecondsPerDiskGigabyte { get; set; } = 20;

    /// <summary>
    /// How many reconciles of each other kind run at once (policies, restores, verifications). Kept at 4: more policy workers
    /// spend a busy token's budget on policy checks ahead of due snapshot POSTs (BackupTokenIsolationTests; docs/design.md, "Workers").
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentReconciles { get; set; } = 4;

    /// <summary>
    /// How many Backups are reconciled at once (<c>Backups:BackupWorkers</c>). The Backup controller has the most objects
    /// and the most waiting (API server round trips, DigitalOcean requests per token), so it has its own, larger count:
    /// 1,000 Backups applied at once must not queue behind a handful of workers (docs/design.md, "Workers").
    /// </summary>
    [Range(1, 256)]
    public int BackupWorkers { get; set; } = 64;
}
