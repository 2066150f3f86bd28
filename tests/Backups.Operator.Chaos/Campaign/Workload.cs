using System.Text.Json.Nodes;
using Backups.Operator.Chaos.Stack;

namespace Backups.Operator.Chaos.Campaign;

/// <summary>
/// What users do while the operator is being killed: manual backups, restores (with and without a safety backup) of
/// Available backups, deletions of backups and restores, at seeded random moments about every two seconds (slow enough that the six
/// droplets' queues drain between kills, so a long run does not pile up work for the settle).
/// </summary>
public sealed class Workload(ClusterClient cluster, string ns, IReadOnlyDictionary<string, long> dropletOfPolicy, int seed, Action<string> log)
{
    private readonly Random _random = new(seed);
    private int _next;

    public int ManualBackups { get; private set; }

    public int Restores { get; private set; }

    public int Deletions { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var policies = dropletOfPolicy.Keys.Order(StringComparer.Ordinal).ToList();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(800, 3000)), cancellationToken).ConfigureAwait(false);
                await StepAsync(policies, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                log($"workload step failed (will go on): {e.Message}");
            }
        }
    }

    private async Task StepAsync(List<string> policies, CancellationToken cancellationToken)
    {
        var roll = _random.NextDouble();
        var name = $"w{++_next}";
        if (roll < 0.45)
        {
            var policy = policies[_random.Next(policies.Count)];
            await cluster.CreateAsync("backups", "Backup", ns, $"{name}-{policy}", new JsonObject { ["policyName"] = policy }, cancellationToken)
                .ConfigureAwait(false);
            ManualBackups++;
            return;
        }

        var backups = (await cluster.ListAsync("backups", ns, cancellationToken).ConfigureAwait(false)).Where(b => !ResourceFields.IsDeleting(b)).ToList();
        if (roll < 0.65)
        {
            var available = backups.Where(b => ResourceFields.Phase(b) == "Available").ToList();
            if (available.Count == 0)
            {
                return;
            }

            var backup = available[_random.Next(available.Count)];
            var policy = ResourceFields.Spec(backup, "policyName")!;
            await cluster.CreateAsync("backuprestores", "BackupRestore", ns, name, new JsonObject
            {
                ["backupName"] = ResourceFields.Name(backup),
                ["confirmDropletId"] = dropletOfPolicy[policy],
                ["preRestoreBackup"] = _random.NextDouble() < 0.5,
            }, cancellationToken).ConfigureAwait(false);
            Restores++;
            return;
        }

        if (roll < 0.95 && backups.Count > 0)
        {
            await cluster.DeleteAsync("backups", ns, ResourceFields.Name(backups[_random.Next(backups.Count)]), cancellationToken).ConfigureAwait(false);
            Deletions++;
            return;
        }

        var restores = await cluster.ListAsync("backuprestores", ns, cancellationToken).ConfigureAwait(false);
        if (restores.Count > 0)
        {
            await cluster.DeleteAsync("backuprestores", ns, ResourceFields.Name(restores[_random.Next(restores.Count)]), cancellationToken).ConfigureAwait(false);
            Deletions++;
        }
    }
}
