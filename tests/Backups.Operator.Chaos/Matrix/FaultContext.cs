using Backups.Operator.ApiServer.Faults;
using System.Net.Http.Json;
using Backups.Operator.Testing.Simulator;

namespace Backups.Operator.Chaos.Matrix;

/// <summary>What a fault row can reach: the simulator's admin API, the API server's fault switches, the row's droplet.</summary>
public sealed class FaultContext(SimulatorAdmin simulator, ApiServerFaults apiServer, long dropletId, HttpClient http)
{
    public SimulatorAdmin Simulator { get; } = simulator;

    public ApiServerFaults ApiServer { get; } = apiServer;

    public long DropletId { get; } = dropletId;

    /// <summary>A background fault loop of the row (stopped when the row ends).</summary>
    public CancellationTokenSource RowEnded { get; } = new();

    /// <summary>A simulator fault rule limited to this row's droplet.</summary>
    public Task AddFaultAsync(string operation, string kind, int? count, object? extra = null)
    {
        var rule = new Dictionary<string, object?> { ["operation"] = operation, ["kind"] = kind, ["count"] = count, ["dropletId"] = DropletId };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            rule[property.Name] = property.GetValue(extra);
        }

        return Simulator.AddFaultAsync(rule);
    }

    /// <summary>The order and delay of the simulator's droplet action lists (<c>PUT /_simulator/action-listing</c>).</summary>
    public async Task SetActionListingAsync(string order, int delaySeconds)
    {
        using var response = await http.PutAsJsonAsync(new Uri(Simulator.BaseAddress, "_simulator/action-listing"), new { order, delaySeconds })
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
