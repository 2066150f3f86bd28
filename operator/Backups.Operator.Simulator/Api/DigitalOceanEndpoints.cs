using Backups.Operator.Simulator.Api.Wire;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Api;

/// <summary>The simulated DigitalOcean API v2 endpoints the operator uses.</summary>
internal static class DigitalOceanEndpoints
{
    public static void MapDigitalOceanApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2");

        v2.MapGet("/account", (HttpContext c, SimulatorState s) =>
            ApiPipeline.HandleAsync(c, "get_account", null, call => ApiResponse.Ok(new { account = WireMapper.Account(s.GetAccount(call.Account)) })));

        v2.MapGet("/droplets", (HttpContext c, SimulatorState s) =>
            ApiPipeline.HandleAsync(c, "list_droplets", null, call =>
                ApiResponse.Ok(Pagination.Envelope(c.Request, "droplets", s.ListDroplets(call.Account, c.Request.Query["tag_name"].ToString()), d => WireMapper.Droplet(d)))));

        v2.MapGet("/droplets/{id:long}", (HttpContext c, SimulatorState s, long id) =>
            ApiPipeline.HandleAsync(c, "get_droplet", id, call => Respond(s.GetDroplet(call.Account, id), d => new { droplet = WireMapper.Droplet(d) })));

        v2.MapPost("/droplets/{id:long}/actions", async (HttpContext c, SimulatorState s, long id) =>
        {
            var request = await DropletActionRequest.ReadAsync(c.Request, c.RequestAborted).ConfigureAwait(false);
            await ApiPipeline.HandleAsync(c, request.Operation, id, call => PostAction(s, call, id, request)).ConfigureAwait(false);
        });

        v2.MapGet("/droplets/{id:long}/actions", (HttpContext c, SimulatorState s, long id) =>
            ApiPipeline.HandleAsync(c, "list_droplet_actions", id, call =>
                Respond(s.ListDropletActions(call.Account, id), all => Pagination.Envelope(c.Request, "actions", all, a => WireMapper.Action(a)))));

        v2.MapGet("/droplets/{id:long}/actions/{actionId:long}", (HttpContext c, SimulatorState s, long id, long actionId) =>
            ApiPipeline.HandleAsync(c, "get_droplet_action", id, call => ActionResponse(s.GetAction(call.Account, actionId, id))));

        v2.MapGet("/actions", (HttpContext c, SimulatorState s) =>
            ApiPipeline.HandleAsync(c, "list_actions", null, call =>
                ApiResponse.Ok(Pagination.Envelope(c.Request, "actions", s.ListActions(call.Account), a => WireMapper.Action(a)))));

        v2.MapGet("/actions/{actionId:long}", (HttpContext c, SimulatorState s, long actionId) =>
            ApiPipeline.HandleAsync(c, "get_action", null, call => ActionResponse(s.GetAction(call.Account, actionId, null))));

        v2.MapGet("/droplets/{id:long}/snapshots", (HttpContext c, SimulatorState s, long id) =>
            ApiPipeline.HandleAsync(c, "list_droplet_snapshots", id, call =>
                Respond(s.ListDropletSnapshots(call.Account, id), all => Pagination.Envelope(c.Request, "snapshots", all, x => WireMapper.DropletSnapshot(x)))));

        v2.MapGet("/snapshots", (HttpContext c, SimulatorState s) =>
            ApiPipeline.HandleAsync(c, "list_snapshots", null, call =>
            {
                // Only droplet snapshots exist here: resource_type=volume lists none.
                var all = c.Request.Query["resource_type"].ToString() is "" or "droplet" ? s.ListSnapshots(call.Account) : [];
                return ApiResponse.Ok(Pagination.Envelope(c.Request, "snapshots", all, x => WireMapper.Snapshot(x)));
            }));

        v2.MapGet("/snapshots/{snapshotId}", (HttpContext c, SimulatorState s, string snapshotId) =>
            ApiPipeline.HandleAsync(c, "get_snapshot", null, call => Respond(s.GetSnapshot(call.Account, snapshotId), x => new { snapshot = WireMapper.Snapshot(x) })));

        v2.MapDelete("/snapshots/{snapshotId}", (HttpContext c, SimulatorState s, string snapshotId) =>
            ApiPipeline.HandleAsync(c, "delete_snapshot", null, call => s.DeleteSnapshot(call.Account, snapshotId) is { } error
                ? ApiResponse.From(error)
                : ApiResponse.NoContent));

        // Anything else under /v2 answers like DigitalOcean does for an unknown resource.
        v2.Map("/{**rest}", (HttpContext c) => ApiPipeline.HandleAsync(c, "unknown", null, _ => ApiResponse.From(ApiError.NotFound)));
    }

    private static ApiResponse ActionResponse(SimResult<SimulatedAction> result) => Respond(result, a => new { action = WireMapper.Action(a) });

    private static ApiResponse Respond<T>(SimResult<T> result, Func<T, object> ok) =>
        result.Error is { } error ? ApiResponse.From(error) : ApiResponse.Ok(ok(result.Value!));

    private static ApiResponse PostAction(SimulatorState state, ApiCall call, long dropletId, DropletActionRequest request)
    {
        if (request.ParseError is { } parseError)
        {
            return ApiResponse.From(ApiError.BadRequest(parseError));
        }

        // The droplet must be visible before the body is judged (404 wins over 422).
        if (state.GetDroplet(call.Account, dropletId).Error is { } notFound)
        {
            return ApiResponse.From(notFound);
        }

        SimResult<SimulatedAction> result;
        switch (request.Type)
        {
            case "snapshot":
                result = state.StartSnapshot(call.Account, dropletId, request.Name, call.ActionWillError);
                break;
            case "rebuild" when request.ImageIsSlug:
                return ApiResponse.From(ApiError.Unprocessable("You specified an invalid image for Droplet rebuild."));
            case "rebuild" when request.Image is { } image:
                result = state.StartRebuild(call.Account, dropletId, image, call.ActionWillError);
                break;
            case "rebuild":
            case null:
                return ApiResponse.From(ApiError.Unprocessable("request payload validation failed"));
            default:
                return ApiResponse.From(ApiError.Unprocessable($"The action type '{request.Type}' is not supported by the simulator (snapshot, rebuild)."));
        }

        return result.Error is null ? ApiResponse.Created(new { action = WireMapper.Action(result.Value!) }) : ApiResponse.From(result.Error);
    }
}
