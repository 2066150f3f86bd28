using System.Diagnostics;
using System.Text.Json.Nodes;
using Backups.Operator.Chaos.Invariants;
using Backups.Operator.Chaos.Stack;
using Backups.Operator.Testing.Simulator;

namespace Backups.Operator.Chaos.Campaign;

/// <summary>
/// The kill campaign (docs/chaos.md): policies with a cron of every minute on their own droplets, manual backups, restores
/// and deletions running, while the operator is SIGKILLed at seeded random moments — sometimes twice within a second,
/// sometimes during start-up — the API server is restarted with its objects kept, and for the last third two replicas
/// with leader election run and the leader is killed. Then the work settles, every policy is deleted, and the invariants
/// are checked against the simulator's ledger.
/// </summary>
public sealed class KillCampaign(ChaosStack stack, KillCampaignOptions options, Action<string> log)
{
    private const string TeamA = "team-a@example.com";

    /// <summary>The share of kill points after which the next one strikes 0.3–6 s after the restart, active or not.</summary>
    private const double EarlyStrikeShare = 0.3;

    private static readonly TimeSpan ActivePatience = TimeSpan.FromMinutes(1);
    private readonly Random _random = new(options.Seed);
    private readonly List<KillPoint> _killPoints = [];
    private readonly Stopwatch _clock = new();
    private readonly Queue<KillKind> _deck = new();
    private readonly List<string> _ending = [];
    private bool _deckForLeaderElection;
    private OperatorFleet _fleet = null!;

    public async Task<KillCampaignResult> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var ns = options.Namespace;
        var cluster = stack.Cluster;
        _fleet = new OperatorFleet(stack.Local, stack.Local.Http, new Uri(stack.ApiServer.BaseUrl), log);

        // Someone else's snapshots on the first droplet: the operator must never touch them.
        var droplets = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < options.Policies; i++)
        {
            droplets[$"p{i}"] = await stack.Account.AddDropletAsync($"chaos-{i}", cancellationToken).ConfigureAwait(false);
        }

        var foreign = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var name = $"foreign-manual-{i}";
            await stack.Account.SnapshotAsync(droplets["p0"], name, cancellationToken).ConfigureAwait(false);
            foreign.Add(name);
            await WaitAsync("the foreign snapshot exists", async () => (await SnapshotNamesAsync(cancellationToken).ConfigureAwait(false)).Contains(name),
                TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }

        await cluster.CreateNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
        await cluster.CreateSecretAsync(ns, "do-token", "token", stack.Account.Token, cancellationToken).ConfigureAwait(false);
        foreach (var (policy, droplet) in droplets)
        {
            await cluster.CreateAsync("backuppolicies", "BackupPolicy", ns, policy, new JsonObject
            {
                ["dropletId"] = droplet,
                ["plan"] = "Pro",
                ["schedule"] = "* * * * *",
                ["retention"] = new JsonObject { ["automatic"] = 2 },
                ["credentialsSecretRef"] = new JsonObject { ["name"] = "do-token", ["key"] = "token" },
            }, cancellationToken).ConfigureAwait(false);
        }

        await _fleet.ResetAsync(1).ConfigureAwait(false);
        await _fleet.WaitActiveReadyAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);

        var workload = new Workload(cluster, ns, droplets, options.Seed + 1, log);
        using var stopWork = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = workload.RunAsync(stopWork.Token);

        var kills = 0;
        var replicaPhaseFrom = options.Kills * 2 / 3;
        await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(300, 3000)), cancellationToken).ConfigureAwait(false);
        while (kills < options.Kills)
        {
            await _fleet.SuperviseAsync().ConfigureAwait(false);
            var point = await KillAsync(NextKind(), cancellationToken).ConfigureAwait(false);
            kills += point.Kills;
            var last = kills >= options.Kills;
            var switching = !last && !_fleet.LeaderElection && kills >= replicaPhaseFrom && options.Kills >= 3;
            point = await FollowAsync(point, last || switching, cancellationToken).ConfigureAwait(false);
            _killPoints.Add(point);
            log(point.Describe());
            if (switching)
            {
                log("switching to two replicas with leader election");
                await _fleet.ResetAsync(2).ConfigureAwait(false);
                await _fleet.WaitActiveReadyAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(300, 3000)), cancellationToken).ConfigureAwait(false);
            }
        }

        await stopWork.CancelAsync().ConfigureAwait(false);
        await work.ConfigureAwait(false);

        // Settle: no new ticks, no new requests; everything in flight must end in a terminal phase.
        _ending.Clear();
        log("settling: suspending every policy and waiting for the work in flight");
        foreach (var policy in droplets.Keys)
        {
            await cluster.MergePatchAsync("backuppolicies", ns, policy, new JsonObject { ["spec"] = new JsonObject { ["suspend"] = true } }, cancellationToken)
                .ConfigureAwait(false);
        }

        await WaitAsync("every Backup and restore settled", async () => Settled(await ListAsync(cancellationToken).ConfigureAwait(false)),
            options.SettleTimeout, cancellationToken).ConfigureAwait(false);
        var (backups, restores) = await ListAsync(cancellationToken).ConfigureAwait(false);

        // Delete everything a user would: restores, then the policies (their Backups and snapshots go with them).
        log("deleting every restore and policy");
        foreach (var restore in restores)
        {
            await cluster.DeleteAsync("backuprestores", ns, restore.Name, cancellationToken).ConfigureAwait(false);
        }

        foreach (var policy in droplets.Keys)
        {
            await cluster.DeleteAsync("backuppolicies", ns, policy, cancellationToken).ConfigureAwait(false);
        }

        await WaitAsync("every Backup, restore and policy is gone", async () => (await ObjectsLeftAsync(cancellationToken).ConfigureAwait(false)).Count == 0,
            options.SettleTimeout, cancellationToken).ConfigureAwait(false);
        var objectsLeft = await ObjectsLeftAsync(cancellationToken).ConfigureAwait(false);
        await WaitAsync("no operator snapshot is left", async () =>
                !(await SnapshotNamesAsync(cancellationToken).ConfigureAwait(false)).Any(n => n.StartsWith(ns + "-", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);

        var ledger = await stack.Local.Simulator.LedgerAsync(cancellationToken).ConfigureAwait(false);
        var snapshotsLeft = await SnapshotNamesAsync(cancellationToken).ConfigureAwait(false);
        var state = new ObservedState
        {
            OperatorSnapshotPrefix = ns + "-",
            Ledger = ledger,
            SettledBackups = backups,
            SettledRestores = restores,
            SnapshotsLeft = snapshotsLeft,
            ObjectsLeft = objectsLeft,
            ForeignSnapshots = foreign.Select(n => new ForeignSnapshot(n, null)).ToList(),
            KillPoints = _killPoints.Select(k => (k.Number, k.Time)).ToList(),
        };
        var ours = ledger.Where(e => e.SnapshotName?.StartsWith(ns + "-", StringComparison.Ordinal) == true).ToList();
        return new KillCampaignResult
        {
            Options = options,
            KillPoints = _killPoints,
            Violations = InvariantChecker.Check(state),
            Duration = _clock.Elapsed,
            SnapshotPosts = ours.Count(e => e.Kind == LedgerEntry.SnapshotPost && e.Accepted),
            RefusedSnapshotPosts = ours.Count(e => e.Kind == LedgerEntry.SnapshotPost && !e.Accepted),
            RebuildPosts = ours.Count(e => e.Kind == LedgerEntry.RebuildPost && e.Accepted),
            SnapshotDeletes = ours.Count(e => e.Kind == LedgerEntry.SnapshotDelete),
            BackupsAvailable = backups.Count(b => b.Phase == "Available"),
            BackupsError = backups.Count(b => b.Phase == "Error"),
            RestoresSucceeded = restores.Count(r => r.Phase == "Succeeded"),
            RestoresFailed = restores.Count(r => r.Phase == "Failed"),
            ManualBackups = workload.ManualBackups,
            RestoresCreated = workload.Restores,
            Deletions = workload.Deletions,
            UnplannedExits = _fleet.UnplannedExits,
            Ending = _ending,
            Reasons = [.. Reasons("Backups Error", backups.Where(b => b.Phase == "Error")), .. Reasons("restores Failed", restores.Where(r => r.Phase == "Failed"))],
        };
    }

    /// <summary>"<paramref name="what"/>: reason count, …" for the objects given (nothing when there are none).</summary>
    private static IEnumerable<string> Reasons(string what, IEnumerable<ObservedObject> objects) =>
        objects.GroupBy(o => o.Reason ?? "no reason").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}").ToList() is { Count: > 0 } reasons
            ? [$"{what}: {string.Join(", ", reasons)}"]
            : [];

    private static bool Settled((IReadOnlyList<ObservedObject> Backups, IReadOnlyList<ObservedObject> Restores) state) =>
        state.Backups.All(b => b.Phase is "Available" or "Error") && state.Restores.All(r => r.Phase is "Succeeded" or "Failed");

    /// <summary>
    /// The next kind, drawn from a seeded shuffled deck refilled when empty, so even a short run sees every kind of its phase:
    /// one replica: Single (twice), Double, DuringStartup, ApiServerRestart; two replicas: Leader (twice), LeaderTwice,
    /// ApiServerRestart.
    /// </summary>
    private KillKind NextKind()
    {
        if (_deck.Count == 0 || _deckForLeaderElection != _fleet.LeaderElection)
        {
            KillKind[] kinds = _fleet.LeaderElection
                ? [KillKind.Leader, KillKind.Leader, KillKind.LeaderTwice, KillKind.ApiServerRestart]
                : [KillKind.Single, KillKind.Single, KillKind.Double, KillKind.DuringStartup, KillKind.ApiServerRestart];
            _random.Shuffle(kinds);
            _deck.Clear();
            kinds.ToList().ForEach(_deck.Enqueue);
            _deckForLeaderElection = _fleet.LeaderElection;
        }

        return _deck.Dequeue();
    }

    private async Task<KillPoint> KillAsync(KillKind kind, CancellationToken cancellationToken)
    {
        var (backups, restores) = await ListAsync(cancellationToken).ConfigureAwait(false);
        var at = _clock.Elapsed;
        var time = DateTimeOffset.UtcNow;
        var kills = 0;
        switch (kind)
        {
            case KillKind.Single:
                kills += await KillActiveAsync(cancellationToken).ConfigureAwait(false);
                _fleet.Start();
                break;
            case KillKind.Double:
                kills += await KillActiveAsync(cancellationToken).ConfigureAwait(false);
                var second = _fleet.Start();
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(100, 900)), cancellationToken).ConfigureAwait(false);
                await _fleet.KillAsync(second).ConfigureAwait(false);
                kills++;
                _fleet.Start();
                break;
            case KillKind.DuringStartup:
                kills += await KillActiveAsync(cancellationToken).ConfigureAwait(false);
                var starting = _fleet.Start();
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(50, 1500)), cancellationToken).ConfigureAwait(false);
                await _fleet.KillAsync(starting).ConfigureAwait(false);
                kills++;
                _fleet.Start();
                break;
            case KillKind.ApiServerRestart:
                await stack.ApiServer.RestartAsync(cancellationToken).ConfigureAwait(false);
                kills++;
                break;
            case KillKind.Leader:
                kills += await KillActiveAsync(cancellationToken).ConfigureAwait(false);
                _fleet.Start();
                break;
            case KillKind.LeaderTwice:
                kills += await KillActiveAsync(cancellationToken).ConfigureAwait(false);
                _fleet.Start();
                if (await _fleet.WaitActiveReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false) is not null)
                {
                    kills += await KillActiveAsync(cancellationToken).ConfigureAwait(false);
                    _fleet.Start();
                }

                break;
        }

        return new KillPoint(_killPoints.Count + 1, at, time, kind, kills, backups.Count(b => b.Phase == "Creating"),
            restores.Count(r => r.Phase is "BackingUp" or "Restoring"))
        {
            RestartedAt = _clock.Elapsed,
        };
    }

    /// <summary>
    /// The time between a kill point and the next: the kills strike at random moments of the operator's life, not after a
    /// settle. With a seeded chance (<see cref="EarlyStrikeShare"/>) the next kill point comes 0.3–6 s after the restart
    /// whether or not an operator is active yet (so it strikes during start-up, cache sync or the first reconciles);
    /// otherwise it waits until an operator is active again (up to a minute) and strikes 0.3–3 s later. After the last
    /// kill point (and before the switch to two replicas) it always waits for an active operator.
    /// </summary>
    private async Task<KillPoint> FollowAsync(KillPoint point, bool waitForActive, CancellationToken cancellationToken)
    {
        // Every draw is made whatever the branch, so a seed gives the same sequence of choices.
        var early = _random.NextDouble() < EarlyStrikeShare;
        var earlyAfter = TimeSpan.FromMilliseconds(_random.Next(300, 6000));
        var delayAfterActive = TimeSpan.FromMilliseconds(_random.Next(300, 3000));
        var patience = early && !waitForActive ? earlyAfter : ActivePatience;
        var sinceRestart = _clock.Elapsed - point.RestartedAt;
        var ready = await _fleet.WaitActiveReadyAsync(patience > sinceRestart ? patience - sinceRestart : TimeSpan.Zero, cancellationToken)
            .ConfigureAwait(false);
        if (ready is null)
        {
            return early && !waitForActive ? point with { NextKillAfter = _clock.Elapsed - point.RestartedAt } : point;
        }

        var followed = point with { ReadyAfter = _clock.Elapsed - point.RestartedAt };
        if (!waitForActive)
        {
            await Task.Delay(delayAfterActive, cancellationToken).ConfigureAwait(false);
        }

        return followed;
    }

    /// <summary>SIGKILLs the acting replica, ready or not (waits for a lease holder first when there is none yet); returns the kills made.</summary>
    private async Task<int> KillActiveAsync(CancellationToken cancellationToken)
    {
        if (await _fleet.ActiveAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await _fleet.WaitActiveReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }

        if (await _fleet.ActiveAsync(cancellationToken).ConfigureAwait(false) is not { } active)
        {
            return 0;
        }

        await _fleet.KillAsync(active).ConfigureAwait(false);
        return 1;
    }

    private async Task<(IReadOnlyList<ObservedObject> Backups, IReadOnlyList<ObservedObject> Restores)> ListAsync(CancellationToken cancellationToken)
    {
        var backups = await stack.Cluster.ListAsync("backups", options.Namespace, cancellationToken).ConfigureAwait(false);
        var restores = await stack.Cluster.ListAsync("backuprestores", options.Namespace, cancellationToken).ConfigureAwait(false);
        return (backups.Select(ResourceFields.Observe).ToList(), restores.Select(ResourceFields.Observe).ToList());
    }

    private async Task<IReadOnlyList<string>> ObjectsLeftAsync(CancellationToken cancellationToken)
    {
        var left = new List<string>();
        foreach (var plural in new[] { "backuppolicies", "backups", "backuprestores" })
        {
            left.AddRange((await stack.Cluster.ListAsync(plural, options.Namespace, cancellationToken).ConfigureAwait(false))
                .Select(o => $"{plural}/{ResourceFields.Name(o)} ({ResourceFields.Phase(o) ?? "no phase"}, {ResourceFields.Reason(o)})"));
        }

        return left;
    }

    private async Task<IReadOnlyList<string>> SnapshotNamesAsync(CancellationToken cancellationToken) =>
        (await stack.Local.Simulator.SnapshotsAsync(TeamA, cancellationToken).ConfigureAwait(false)).Select(s => s.GetProperty("name").GetString()!).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes (then the invariants report what is wrong), keeping the fleet up.</summary>
    private async Task WaitAsync(string what, Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > timeout)
            {
                log($"gave up waiting after {timeout.TotalSeconds:0} s for {what}");
                _ending.Add($"gave up waiting after {timeout.TotalSeconds:0} s for {what}");
                return;
            }

            if (_fleet is not null)
            {
                await _fleet.SuperviseAsync().ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        log($"{watch.Elapsed.TotalSeconds,6:0.0} s  {what}");
        _ending.Add($"{watch.Elapsed.TotalSeconds,6:0.0} s  {what}");
    }
}
