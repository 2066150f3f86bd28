using System.Text.Json.Serialization;

namespace Backups.Operator.Api;

/// <summary>The hosting plan of a deployment; it decides whether and how often backups are made.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Plan>))]
public enum Plan
{
    /// <summary>No backups.</summary>
    Basic,

    /// <summary>Weekly automatic backups (Sunday 03:00 UTC), 4 kept; manual backups.</summary>
    Advanced,

    /// <summary>Daily automatic backups (03:00 UTC), 7 kept; manual backups.</summary>
    Pro,
}

/// <summary>What happens to the DigitalOcean snapshot when its Backup is deleted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy
{
    /// <summary>The snapshot is deleted with the Backup.</summary>
    Delete,

    /// <summary>The snapshot is kept in DigitalOcean (and keeps costing money).</summary>
    Retain,
}

/// <summary>Who made a backup.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackupType>))]
public enum BackupType
{
    /// <summary>Made on request; never counts toward retention.</summary>
    Manual,

    /// <summary>Made by the schedule; rotated by retention.</summary>
    Automatic,
}

/// <summary>The lifecycle phase of a Backup.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackupPhase>))]
public enum BackupPhase
{
    /// <summary>Queued, or the snapshot is being processed (the Ready condition's reason says which).</summary>
    Creating,

    /// <summary>Ready to restore.</summary>
    Available,

    /// <summary>A BackupRestore is applying this backup to the server.</summary>
    Restoring,

    /// <summary>There was a problem; <c>reason</c> and <c>message</c> say what and what to do.</summary>
    Error,

    /// <summary>The finalizer is removing the snapshot.</summary>
    Deleting,
}

/// <summary>The lifecycle phase of a BackupRestore.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RestorePhase>))]
public enum RestorePhase
{
    /// <summary>Validated and waiting for the droplet to be free.</summary>
    Pending,

    /// <summary>Taking the safety snapshot before the restore.</summary>
    BackingUp,

    /// <summary>The droplet is being rebuilt from the backup's snapshot.</summary>
    Restoring,

    /// <summary>The droplet runs on the backup's data.</summary>
    Succeeded,

    /// <summary>The restore did not happen or did not finish; <c>reason</c> and <c>message</c> say why.</summary>
    Failed,
}

/// <summary>The lifecycle phase of a BackupVerification.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerificationPhase>))]
public enum VerificationPhase
{
    /// <summary>Validated, waiting for the backup or for a free verification slot.</summary>
    Pending,

    /// <summary>The temporary droplet is being requested.</summary>
    Creating,

    /// <summary>The temporary droplet exists and is booting from the snapshot.</summary>
    Booting,

    /// <summary>The droplet is active; the probe runs.</summary>
    Probing,

    /// <summary>The snapshot booted and the probe passed.</summary>
    Passed,

    /// <summary>The snapshot did not boot or the probe did not pass; <c>reason</c> and <c>message</c> say why.</summary>
    Failed,
}

/// <summary>How a verification ended, as recorded on its Backup.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerificationResult>))]
public enum VerificationResult
{
    /// <summary>The snapshot booted on a temporary droplet and answered the probe.</summary>
    Passed,

    /// <summary>The temporary droplet did not boot or did not answer the probe.</summary>
    Failed,
}
