using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.Chaos.Stack;
using Backups.Operator.Testing.Simulator;

namespace Backups.Operator.Chaos.Matrix;

/// <summary>
/// Runs fault rows one after the other against one operator: each row gets its own droplet and policy, switches its fault
/// on, creates a manual backup and measures the time from the create to Available or Error (the convergence time), then
/// switches the fault off.
/// </summary>
public sealed class FaultMatrix(ChaosStack stack, Action<string> log, string ns = "faults")
{
    public async Task<IReadOnlyList<FaultRowResult>> RunAsync(IEnumerable<FaultCase> cases, CancellationToken cancellationToken)
    {
        var cluster = stack.Cluster;
        await cluster.CreateNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
        await cluster.CreateSecretAsync(ns, "do-token", "token", stack.Account.Token, cancellationToken).ConfigureAwait(false);
        var fleet = new OperatorFleet(stack.Local, stack.Local.Http, new Uri(stack.ApiServer.BaseUrl), log);
        await fleet.ResetAsync(1).ConfigureAwait(false);
        await fleet.WaitActiveReadyAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);

        var results = new List<FaultRowResult>();
        var row = 0;
        foreach (var fault in cases)
        {
            row++;
            var result = await RunRowAsync(row, fault, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            log(result.Describe());
            await fleet.SuperviseAsync().ConfigureAwait(false);
        }

        await fleet.ResetAsync(0).ConfigureAwait(false);
        return results;
    }

    private async Task<FaultRowResult> RunRowAsync(int row, FaultCase fault, CancellationToken cancellationToken)
    {
        var cluster = stack.Cluster;
        var policy = $"f{row}";
        var droplet = await stack.Account.AddDropletAsync($"fault-{row}", cancellationToken).ConfigureAwait(false);
        await cluster.CreateAsync("backuppolicies", "BackupPolicy", ns, policy, new JsonObject
        {
            ["dropletId"] = droplet,
            ["plan"] = "Pro",
            ["credentialsSecretRef"] = new JsonObject { ["name"] = "do-token", ["key"] = "token" },
        }, cancellationToken).ConfigureAwait(false);
        await PollAsync(async () => (await cluster.ListAsync("backuppolicies", ns, cancellationToken).ConfigureAwait(false))
            .Any(p => ResourceFields.Name(p) == policy && IsReady(p)), TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);

        var context = new FaultContext(stack.Local.Simulator, stack.ApiServer.Faults, droplet, stack.Local.Http);
        await fault.Apply(context).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        JsonElement? settled = null;
        try
        {
            await cluster.CreateAsync("backups", "Backup", ns, $"{policy}-manual", new JsonObject { ["policyName"] = policy }, cancellationToken).ConfigureAwait(false);
            await PollAsync(async () =>
            {
                settled = (await cluster.ListAsync("backups", ns, cancellationToken).ConfigureAwait(false)).Cast<JsonElement?>()
                    .FirstOrDefault(b => ResourceFields.Name(b!.Value) == $"{policy}-manual" && ResourceFields.Phase(b.Value) is "Available" or "Error");
                return settled is not null;
            }, fault.Limit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.RowEnded.CancelAsync().ConfigureAwait(false);
            stack.ApiServer.Faults.Reset();
            await stack.Local.Simulator.ClearFaultsAsync(cancellationToken).ConfigureAwait(false);
            if (fault.Clear is { } clear)
            {
                await clear(context).ConfigureAwait(false);
            }

            context.RowEnded.Dispose();
        }

        var elapsed = settled is null ? (TimeSpan?)null : watch.Elapsed;
        var backup = settled ?? (await cluster.ListAsync("backups", ns, cancellationToken).ConfigureAwait(false)).Cast<JsonElement?>()
            .FirstOrDefault(b => ResourceFields.Name(b!.Value) == $"{policy}-manual");
        var snapshotName = backup is { } b2 ? ResourceFields.Status(b2, "snapshotName") : null;
        var posts = snapshotName is null
            ? 0
            : (await stack.Local.Simulator.LedgerAsync(cancellationToken).ConfigureAwait(false))
                .Count(e => e.Kind == LedgerEntry.SnapshotPost && e.Accepted && e.SnapshotName == snapshotName);
        await cluster.DeleteAsync("backuppolicies", ns, policy, cancellationToken).ConfigureAwait(false);
        return new FaultRowResult(fault, backup is { } b3 ? ResourceFields.Phase(b3) : null, backup is { } b4 ? ResourceFields.Reason(b4) : null, elapsed, posts);
    }

    private static bool IsReady(JsonElement policy) =>
        policy.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
        && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");

    private static async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false) && watch.Elapsed < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
