namespace Backups.Operator.Cli;

/// <summary>The exit codes of <c>kubectl backup</c>, documented in the README and in <c>kubectl backup --help</c>.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>The operation ran and failed: a backup went to Error, a restore Failed, an API call was refused for another reason.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>The named policy, backup or restore does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>RBAC forbids the request (403).</summary>
    public const int Forbidden = 4;

    /// <summary>The Backups operator's resources are not installed in the cluster.</summary>
    public const int NotInstalled = 5;

    /// <summary>The product refuses the request: a Basic plan, the cap of 20 backups, a backup that is not Available.</summary>
    public const int Refused = 6;

    /// <summary>The confirmation was declined or the typed droplet id did not match: nothing was changed.</summary>
    public const int Aborted = 7;

    /// <summary><c>--wait</c> gave up after <c>--timeout</c>; the operation goes on in the cluster.</summary>
    public const int Timeout = 8;

    /// <summary>The cluster cannot be reached, or the kubeconfig cannot be read.</summary>
    public const int Unreachable = 9;

    /// <summary>Interrupted (Ctrl-C); what was already sent to the cluster goes on.</summary>
    public const int Interrupted = 130;

    /// <summary>The table printed by <c>--help</c> and the README.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Success, "success"),
        (Failed, "the backup or restore failed, or the API refused the request"),
        (Usage, "bad arguments"),
        (NotFound, "the policy, backup or restore does not exist"),
        (Forbidden, "RBAC forbids the request"),
        (NotInstalled, "the Backups operator is not installed in this cluster"),
        (Refused, "refused: Basic plan, 20-backup cap, or the backup is not Available"),
        (Aborted, "confirmation declined or wrong droplet id: nothing changed"),
        (Timeout, "--wait timed out; the operation goes on in the cluster"),
        (Unreachable, "the cluster cannot be reached or the kubeconfig cannot be read"),
        (Interrupted, "interrupted"),
    ];
}
