using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Backups.Operator.Testing;
using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Chaos.Stack;

/// <summary>One operator process of the fleet.</summary>
public sealed record OperatorReplica(string Identity, ChildProcess Process, int HealthPort);

/// <summary>
/// The operator processes of a chaos run, as a kubelet would keep them: one replica without leader election, or two
/// with <c>--leader-elect</c> (lease <c>default/backups-operator-leader</c>, 4 s lease). <see cref="SuperviseAsync"/>
/// restarts a replica that exited by itself (e.g. on leadership loss) and records the exit.
/// </summary>
public sealed class OperatorFleet(LocalStack stack, HttpClient http, Uri apiServer, Action<string> log)
{
    private const string LeasePath = "apis/coordination.k8s.io/v1/namespaces/default/leases/backups-operator-leader";
    private readonly List<OperatorReplica> _replicas = [];
    private int _started;

    /// <summary>True when the replicas campaign for the lease.</summary>
    public bool LeaderElection { get; private set; }

    public IReadOnlyList<OperatorReplica> Replicas => _replicas;

    /// <summary>Exits nobody asked for (exit code and last lines), in order.</summary>
    public List<string> UnplannedExits { get; } = [];

    /// <summary>Stops every replica and starts <paramref name="count"/> new ones (leader election when more than one).</summary>
    public async Task ResetAsync(int count)
    {
        foreach (var replica in _replicas.ToList())
        {
            await KillAsync(replica).ConfigureAwait(false);
        }

        LeaderElection = count > 1;
        for (var i = 0; i < count; i++)
        {
            Start();
        }
    }

    /// <summary>Starts one more replica (not waiting for it).</summary>
    public OperatorReplica Start()
    {
        var identity = $"replica-{++_started}";
        string[] arguments = LeaderElection ? ["--leader-elect", "true", "--leader-election-namespace", "default"] : [];
        var (process, healthPort) = stack.StartOperatorReplica(identity, arguments,
            new Dictionary<string, string> { ["Operator__LeaderElection__Identity"] = identity });
        var replica = new OperatorReplica(identity, process, healthPort);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>SIGKILL: no graceful shutdown, no lease release.</summary>
    public async Task KillAsync(OperatorReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        _replicas.Remove(replica);
        await stack.KillProcessAsync(replica.Process).ConfigureAwait(false);
    }

    /// <summary>The replica that acts: the only one, or the lease holder (null while nobody holds the lease).</summary>
    public async Task<OperatorReplica?> ActiveAsync(CancellationToken cancellationToken)
    {
        if (!LeaderElection)
        {
            return _replicas.FirstOrDefault();
        }

        var holder = await LeaseHolderAsync(cancellationToken).ConfigureAwait(false);
        return _replicas.FirstOrDefault(r => r.Identity == holder && !r.Process.HasExited);
    }

    /// <summary>Waits until the active replica answers <c>/readyz</c> 200 (checks at least once); returns how long it took (null on timeout).</summary>
    public async Task<TimeSpan?> WaitActiveReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await SuperviseAsync().ConfigureAwait(false);
            if (await ActiveAsync(cancellationToken).ConfigureAwait(false) is { } active && await ReadyAsync(active, cancellationToken).ConfigureAwait(false))
            {
                return watch.Elapsed;
            }

            if (watch.Elapsed >= timeout)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Restarts every replica that exited on its own, recording why.</summary>
    public async Task SuperviseAsync()
    {
        foreach (var replica in _replicas.Where(r => r.Process.HasExited).ToList())
        {
            var exit = $"{replica.Identity} exited with code {replica.Process.ExitCode}: {replica.Process.Tail(5)}";
            UnplannedExits.Add(exit);
            log($"restarting after an unplanned exit: {exit}");
            await KillAsync(replica).ConfigureAwait(false);
            Start();
        }
    }

    private async Task<bool> ReadyAsync(OperatorReplica replica, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{replica.HealthPort}/readyz"), cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<string?> LeaseHolderAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(apiServer, LeasePath), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var lease = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return lease.RootElement.GetProperty("spec").TryGetProperty("holderIdentity", out var holder) ? holder.GetString() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
