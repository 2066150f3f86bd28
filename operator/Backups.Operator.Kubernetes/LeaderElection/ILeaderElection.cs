namespace Backups.Operator.Kubernetes.LeaderElection;

/// <summary>Whether this process may run controllers.</summary>
public interface ILeaderElection
{
    bool IsLeader { get; }

    /// <summary>Waits until this process leads; the returned token is cancelled when it stops leading.</summary>
    Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken);
}
