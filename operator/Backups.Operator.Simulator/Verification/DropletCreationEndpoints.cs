using System.Text.Json;
using Backups.Operator.Simulator.Api;
using Backups.Operator.Simulator.Api.Wire;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Verification;

/// <summary>
/// <c>POST /v2/droplets</c> (from a snapshot image: 202 with the droplet and its create action), <c>DELETE /v2/droplets/{id}</c>
/// and <c>GET /v2/sizes</c> (docs/digitalocean-api.md, "Droplets from snapshots").
/// </summary>
internal static class DropletCreationEndpoints
{
    public static void MapDropletCreationApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2");

        v2.MapPost("/droplets", async (HttpContext c, SimulatorState s) =>
        {
            var (request, parseError) = await ReadAsync(c.Request, c.RequestAborted).ConfigureAwait(false);
            await ApiPipeline.HandleAsync(c, "create_droplet", null, call =>
            {
                if (parseError is not null)
                {
                    return ApiResponse.From(ApiError.BadRequest(parseError));
                }

                var result = s.CreateDroplet(call.Account, request!, call.ActionWillError);
                if (result.Error is { } error)
                {
                    return ApiResponse.From(error);
                }

                var (droplet, action) = result.Value;
                var href = new Uri(new Uri($"{c.Request.Scheme}://{c.Request.Host}/"), $"v2/actions/{action.Id}").ToString();
                return new ApiResponse(202, new
                {
                    droplet = WireMapper.Droplet(droplet),
                    links = new { actions = new[] { new { id = action.Id, rel = "create", href } } },
                });
            }).ConfigureAwait(false);
        });

        v2.MapDelete("/droplets/{id:long}", (HttpContext c, SimulatorState s, long id) =>
            ApiPipeline.HandleAsync(c, "delete_droplet", id, call => s.DeleteDroplet(call.Account, id) is { } error
                ? ApiResponse.From(error)
                : ApiResponse.NoContent));

        v2.MapGet("/sizes", (HttpContext c) =>
            ApiPipeline.HandleAsync(c, "list_sizes", null, _ =>
                ApiResponse.Ok(Pagination.Envelope(c.Request, "sizes", SizeCatalog.All, size => new SizeWire(
                    size.Slug, size.MemoryMegabytes, size.Vcpus, size.DiskGigabytes, 1.0, size.PriceMonthly, size.PriceHourly, WireMapper.RegionSlugs, true, "Basic")))));
    }

    private static async Task<(NewDropletRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "error parsing request body");
            }

            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            long? image = root.TryGetProperty("image", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out var number) ? number : null;
            var tags = root.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            return (new NewDropletRequest(Text("name"), Text("region"), Text("size"), image, tags), null);
        }
        catch (JsonException)
        {
            return (null, "error parsing request body");
        }
    }
}
