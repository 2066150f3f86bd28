using Backups.Operator.Simulator.Api;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Verification;

/// <summary>
/// Admin calls for verification runs (no authentication; camelCase JSON): mark a snapshot corrupt, list the droplets that
/// carry a tag, and the droplets created through the API and destroyed since the start (with how long each existed).
/// </summary>
internal static class VerificationAdminEndpoints
{
    public static void MapVerificationAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/_simulator");

        // PUT /_simulator/snapshots/{id}/corrupt {"corrupt": true}: droplets created from it (or its data version) fail their probes.
        admin.MapMethods("/snapshots/{id:long}/corrupt", ["PUT", "POST"], (SimulatorState s, long id, CorruptRequest? request) =>
        {
            try
            {
                return Json(s.SetSnapshotCorrupt(id, request?.Corrupt ?? true));
            }
            catch (KeyNotFoundException ex)
            {
                return Results.Json(new { error = ex.Message }, SimulatorJson.Admin, statusCode: StatusCodes.Status404NotFound);
            }
        });

        // GET /_simulator/tagged-droplets?tag=backups-operator: every account's droplets with the tag.
        admin.MapGet("/tagged-droplets", (SimulatorState s, string? tag) =>
            Json(s.ListDropletsWithTag(string.IsNullOrEmpty(tag) ? "backups-operator" : tag)));

        // GET /_simulator/destroyed-droplets: droplets created from snapshots and destroyed, with their lifetimes.
        admin.MapGet("/destroyed-droplets", (SimulatorState s) =>
        {
            var destroyed = s.ListDestroyedDroplets();
            return Json(new { count = destroyed.Count, totalSeconds = destroyed.Sum(d => d.Seconds), droplets = destroyed.Select(d => new { d.Id, d.Name, d.Tags, d.CreatedAt, d.DeletedAt, d.Seconds }) });
        });
    }

    private static IResult Json(object value) => Results.Json(value, SimulatorJson.Admin);

    private sealed record CorruptRequest(bool? Corrupt);
}
