using Backups.Operator.Simulator.Api;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Ledger;

/// <summary><c>GET /_simulator/ledger</c>: every snapshot POST, rebuild POST and snapshot DELETE ever handled (see <see cref="MutationLedger"/>).</summary>
internal static class LedgerEndpoints
{
    public static void MapSimulatorLedger(this IEndpointRouteBuilder app) =>
        app.MapGet("/_simulator/ledger", (SimulatorState s) => Results.Json(s.Ledger.Entries(), SimulatorJson.Admin));
}
