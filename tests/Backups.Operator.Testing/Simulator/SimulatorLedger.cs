using System.Text.Json;

namespace Backups.Operator.Testing.Simulator;

/// <summary>One entry of the simulator's ledger (<c>GET /_simulator/ledger</c>): a snapshot POST, rebuild POST or snapshot DELETE.</summary>
/// <param name="Kind"><c>snapshot_post</c>, <c>rebuild_post</c> or <c>snapshot_delete</c>.</param>
/// <param name="ActionId">The action created; null when the request was refused (<paramref name="StatusCode"/> 404 or 422).</param>
public sealed record LedgerEntry(long Sequence, DateTimeOffset Time, string Kind, string AccountUuid, long DropletId, string? SnapshotName,
    long? SnapshotId, long? ActionId, int StatusCode)
{
    public const string SnapshotPost = "snapshot_post";
    public const string RebuildPost = "rebuild_post";
    public const string SnapshotDelete = "snapshot_delete";

    /// <summary>A POST that created an action (a snapshot or rebuild that DigitalOcean will run).</summary>
    public bool Accepted => ActionId is not null;
}

/// <summary>The simulator's ground truth of every snapshot POST, rebuild POST and snapshot DELETE it handled.</summary>
public static class SimulatorLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(this SimulatorAdmin simulator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        using var document = await simulator.GetJsonAsync("_simulator/ledger", cancellationToken).ConfigureAwait(false);
        return document.RootElement.Deserialize<List<LedgerEntry>>(Json) ?? [];
    }
}
