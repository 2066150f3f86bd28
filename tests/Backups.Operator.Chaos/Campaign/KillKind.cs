namespace Backups.Operator.Chaos.Campaign;

/// <summary>What happens at a kill point.</summary>
public enum KillKind
{
    /// <summary>SIGKILL the operator, start it again.</summary>
    Single,

    /// <summary>SIGKILL, start, SIGKILL again within a second (during its start-up), start.</summary>
    Double,

    /// <summary>Start a fresh operator and SIGKILL it 50–1500 ms later, before it is ready; start again.</summary>
    DuringStartup,

    /// <summary>Restart the API server (objects kept; every connection and watch dropped).</summary>
    ApiServerRestart,

    /// <summary>Two replicas with leader election: SIGKILL the leader, start a new standby.</summary>
    Leader,

    /// <summary>SIGKILL the leader, then the replica that takes over as soon as it leads.</summary>
    LeaderTwice,
}
