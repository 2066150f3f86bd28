using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Api;

/// <summary>The admin API under <c>/_simulator/</c> (no authentication; camelCase JSON): accounts, droplets, data versions,
/// faults and the request log.</summary>
internal static class AdminEndpoints
{
    public static void MapSimulatorAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/_simulator");

        admin.MapGet("/", () => Json(new
        {
            endpoints = new[]
            {
                "GET /_simulator/health",
                "GET|POST /_simulator/accounts",
                "GET /_simulator/accounts/{uuid}/snapshots",
                "POST|DELETE /_simulator/accounts/{uuid}/revocation",
                "POST /_simulator/droplets",
                "GET /_simulator/droplets/{id}",
                "GET /_simulator/droplets/{id}/actions",
                "PUT /_simulator/droplets/{id}/data-version",
                "PUT /_simulator/droplets/{id}/lock {locked}",
                "PUT /_simulator/action-listing {order: newest-first|oldest-first, delaySeconds}",
                "GET|POST|DELETE /_simulator/faults",
                "DELETE /_simulator/faults/{id}",
                "GET|DELETE /_simulator/requests",
            },
        }));

        admin.MapGet("/health", () => Json(new { status = "ok" }));

        admin.MapGet("/accounts", (SimulatorState s) => Json(s.ListAccounts()));

        admin.MapPost("/accounts", (SimulatorState s, AccountRequest request) =>
            Attempt(() => Json(s.AddAccount(request.Token ?? string.Empty, request.Email, request.DropletLimit ?? 25), StatusCodes.Status201Created)));

        admin.MapGet("/accounts/{uuid}/snapshots", (SimulatorState s, string uuid) => Json(s.ListSnapshotsOfAccount(uuid)));

        // Revoke the account's token (every API request with it then gets 401) or, with DELETE, reinstate it.
        admin.MapPost("/accounts/{uuid}/revocation", (SimulatorState s, string uuid) =>
            s.SetTokenRevoked(uuid, revoked: true) ? Results.NoContent() : NotFound($"No account {uuid}."));
        admin.MapDelete("/accounts/{uuid}/revocation", (SimulatorState s, string uuid) =>
            s.SetTokenRevoked(uuid, revoked: false) ? Results.NoContent() : NotFound($"No account {uuid}."));

        admin.MapPost("/droplets", (SimulatorState s, DropletRequest request) =>
            Attempt(() => Json(
                s.AddDroplet(request.Token ?? string.Empty, new DropletSpec
                {
                    Id = request.Id,
                    Name = request.Name ?? "droplet",
                    Region = request.Region ?? "nyc3",
                    SizeSlug = request.SizeSlug ?? "s-1vcpu-2gb",
                    DiskGigabytes = request.DiskGigabytes ?? 50,
                    UsedGigabytes = request.UsedGigabytes ?? 5,
                    MemoryMegabytes = request.MemoryMegabytes ?? 2048,
                    Vcpus = request.Vcpus ?? 1,
                    Status = request.Status ?? "active",
                    DataVersion = request.DataVersion,
                }),
                StatusCodes.Status201Created)));

        admin.MapGet("/droplets/{id:long}", (SimulatorState s, long id) =>
            s.FindDroplet(id) is { } droplet ? Json(droplet) : NotFound($"No droplet {id}."));

        admin.MapGet("/droplets/{id:long}/actions", (SimulatorState s, long id) => Json(s.ListActionsOfDroplet(id)));

        admin.MapMethods("/droplets/{id:long}/data-version", ["PUT", "POST"], (SimulatorState s, long id, DataVersionRequest? request) =>
            s.FindDroplet(id) is null
                ? NotFound($"No droplet {id}.")
                : Attempt(() => Json(new { dataVersion = s.SetDataVersion(id, request?.DataVersion, request?.UsedGigabytes) })));

        admin.MapMethods("/droplets/{id:long}/lock", ["PUT", "POST"], (SimulatorState s, long id, LockRequest? request) =>
            s.FindDroplet(id) is null
                ? NotFound($"No droplet {id}.")
                : Attempt(() => Json(s.SetLocked(id, request?.Locked ?? true))));

        admin.MapMethods("/action-listing", ["PUT", "POST"], (SimulatorState s, ActionListingRequest request) => Attempt(() =>
        {
            var order = request.Order switch
            {
                null or "newest-first" => ActionListOrder.NewestFirst,
                "oldest-first" => ActionListOrder.OldestFirst,
                _ => throw new ArgumentException($"order must be newest-first or oldest-first, not '{request.Order}'."),
            };
            var delay = request.DelaySeconds ?? 0;
            if (delay is < 0 or > 86_400)
            {
                throw new ArgumentException("delaySeconds must be between 0 and 86400.");
            }

            s.SetActionListing(order, TimeSpan.FromSeconds(delay));
            return Json(new { order = request.Order ?? "newest-first", delaySeconds = delay });
        }));

        admin.MapGet("/faults", (SimulatorState s) => Json(s.Faults.List()));

        admin.MapPost("/faults", (SimulatorState s, FaultRule rule) => Attempt(() => Json(s.Faults.Add(rule), StatusCodes.Status201Created)));

        admin.MapDelete("/faults", (SimulatorState s) =>
        {
            s.Faults.Clear();
            return Results.NoContent();
        });

        admin.MapDelete("/faults/{id:int}", (SimulatorState s, int id) => s.Faults.Remove(id) ? Results.NoContent() : NotFound($"No fault {id}."));

        admin.MapGet("/requests", (SimulatorState s, int? recent) =>
        {
            var entries = s.Requests.Entries();
            var take = Math.Clamp(recent ?? 100, 0, entries.Count);
            return Json(new { total = s.Requests.Total, byOperation = s.Requests.Counts(), recent = entries.Skip(entries.Count - take) });
        });

        admin.MapDelete("/requests", (SimulatorState s) =>
        {
            s.Requests.Reset();
            return Results.NoContent();
        });
    }

    private static IResult Json(object value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, SimulatorJson.Admin, statusCode: statusCode);

    private static IResult NotFound(string message) => Json(new { error = message }, StatusCodes.Status404NotFound);

    private static IResult Attempt(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return Json(new { error = ex.Message }, StatusCodes.Status400BadRequest);
        }
    }

    private sealed record AccountRequest(string? Token, string? Email, int? DropletLimit);

    private sealed record DropletRequest(
        string? Token,
        long? Id,
        string? Name,
        string? Region,
        string? SizeSlug,
        int? DiskGigabytes,
        double? UsedGigabytes,
        int? MemoryMegabytes,
        int? Vcpus,
        string? Status,
        string? DataVersion);

    private sealed record DataVersionRequest(string? DataVersion, double? UsedGigabytes);

    private sealed record LockRequest(bool? Locked);

    private sealed record ActionListingRequest(string? Order, double? DelaySeconds);
}
