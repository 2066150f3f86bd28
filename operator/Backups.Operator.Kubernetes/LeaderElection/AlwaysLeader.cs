namespace Backups.Operator.Kubernetes.LeaderElection;

/// <summary>Leader election switched off (<c>--leader-elect=false</c>): this process always leads.</summary>
internal sealed class AlwaysLeader : ILeaderElection
{
    public bool IsLeader => true;

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
}
