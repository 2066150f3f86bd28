namespace Backups.Operator.Chaos.Matrix;

/// <summary>
/// The faults of the matrix (docs/chaos.md): DigitalOcean 5xx, timeouts, 429 storms, 422 pending events, errored actions,
/// dropped connections, action lists in the other order or late; API server watch drops, 410 Gone, 409 and 500 on writes,
/// latency. The operator's per-attempt DigitalOcean timeout is 3 s in these runs (ChaosStack), so "timeout" rows hold a
/// response 6 s.
/// </summary>
public static class FaultCatalog
{
    private const string DigitalOcean = "DigitalOcean";
    private const string ApiServer = "API server";

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        new(DigitalOcean, "none (baseline)", "Available", _ => Task.CompletedTask) { Cheap = true },
        // Each 503 is ambiguous: the Backup looks for its snapshot by name for the 2-minute adoption grace before it POSTs
        // again (docs/digitalocean-api.md), so three in a row take about 3 × 2 minutes by design.
        new(DigitalOcean, "3× 503 on the snapshot POST (before it takes effect)", "Available",
            c => c.AddFaultAsync("snapshot_droplet", "http_error", 3, new { statusCode = 503 })) { Limit = TimeSpan.FromMinutes(9) },
        new(DigitalOcean, "500 after the snapshot POST took effect (ambiguous)", "Available",
            c => c.AddFaultAsync("snapshot_droplet", "http_error", 1, new { afterCommit = true })) { Cheap = true },
        new(DigitalOcean, "3× 500 on every other droplet request", "Available",
            c => c.AddFaultAsync("*", "http_error", 3)),
        new(DigitalOcean, "snapshot POST times out after it took effect (6 s)", "Available",
            c => c.AddFaultAsync("snapshot_droplet", "slow", 1, new { delaySeconds = 6, afterCommit = true })),
        new(DigitalOcean, "3 droplet requests time out (6 s)", "Available",
            c => c.AddFaultAsync("*", "slow", 3, new { delaySeconds = 6 })),
        new(DigitalOcean, "429 storm: 20× on the droplet's requests (retry-after 1 s)", "Available",
            c => c.AddFaultAsync("*", "rate_limit", 20, new { retryAfterSeconds = 1 })),
        new(DigitalOcean, "3× 422 pending event on the snapshot POST", "Available",
            c => c.AddFaultAsync("snapshot_droplet", "pending_event", 3)),
        new(DigitalOcean, "the snapshot action errors", "Error",
            c => c.AddFaultAsync("snapshot_droplet", "errored_action", 1)),
        new(DigitalOcean, "3 dropped connections on droplet requests", "Available",
            c => c.AddFaultAsync("*", "drop_connection", 3)),
        new(DigitalOcean, "connection dropped after the snapshot POST took effect", "Available",
            c => c.AddFaultAsync("snapshot_droplet", "drop_connection", 1, new { afterCommit = true })),
        new(DigitalOcean, "action list oldest-first and 3 s late, ambiguous POST", "Available",
            async c =>
            {
                await c.SetActionListingAsync("oldest-first", 3).ConfigureAwait(false);
                await c.AddFaultAsync("snapshot_droplet", "http_error", 1, new { afterCommit = true }).ConfigureAwait(false);
            },
            c => c.SetActionListingAsync("newest-first", 0)),
        new(ApiServer, "every watch dropped each second", "Available",
            c =>
            {
                _ = DropWatchesAsync(c);
                return Task.CompletedTask;
            }) { Cheap = true },
        new(ApiServer, "410 Gone on the next 10 watches", "Available",
            c =>
            {
                c.ApiServer.ExpireNextWatches(10);
                c.ApiServer.CloseAllWatches();
                return Task.CompletedTask;
            }),
        new(ApiServer, "409 Conflict on 30 % of writes", "Available",
            c =>
            {
                c.ApiServer.FailWrites(0.3, 409);
                return Task.CompletedTask;
            }),
        new(ApiServer, "500 on 30 % of writes", "Available",
            c =>
            {
                c.ApiServer.FailWrites(0.3, 500);
                return Task.CompletedTask;
            }),
        new(ApiServer, "250 ms latency on every request", "Available",
            c =>
            {
                c.ApiServer.Latency = TimeSpan.FromMilliseconds(250);
                return Task.CompletedTask;
            }),
    ];

    private static async Task DropWatchesAsync(FaultContext context)
    {
        try
        {
            while (!context.RowEnded.IsCancellationRequested)
            {
                context.ApiServer.CloseAllWatches();
                await Task.Delay(TimeSpan.FromSeconds(1), context.RowEnded.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
