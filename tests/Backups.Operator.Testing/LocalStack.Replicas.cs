using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Testing;

/// <summary>Further operator processes next to <see cref="LocalStack.Operator"/> (replicas with leader election).</summary>
public sealed partial class LocalStack
{
    /// <summary>
    /// Starts another operator process named <paramref name="name"/> on free metrics and health ports, with the stack's
    /// connection settings and options; tracked like the others (disposed with the stack). Returns it and its health port.
    /// </summary>
    public (ChildProcess Process, int HealthPort) StartOperatorReplica(string name, IEnumerable<string>? extraArguments = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var ports = FreePorts(2);
        return (Track(StartOperatorProcess(name, ports[0], ports[1], extraArguments, environment)), ports[1]);
    }

    /// <summary>Kills an operator process started by <see cref="StartOperatorReplica"/> at once (SIGKILL) and forgets it.</summary>
    public async Task KillProcessAsync(ChildProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        await process.KillAsync().ConfigureAwait(false);
        _processes.Remove(process);
        await process.DisposeAsync().ConfigureAwait(false);
    }
}
