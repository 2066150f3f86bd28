using System.Globalization;
using System.Text.Json;

namespace Backups.Operator.Simulator.Api;

/// <summary>The body of <c>POST /v2/droplets/{id}/actions</c>: <c>{"type":"snapshot","name":…}</c> or <c>{"type":"rebuild","image":…}</c>.</summary>
internal sealed record DropletActionRequest(string? Type, string? Name, long? Image, bool ImageIsSlug, string? ParseError)
{
    /// <summary>The operation name used for faults and the request log.</summary>
    public string Operation => Type switch
    {
        "snapshot" => "snapshot_droplet",
        "rebuild" => "rebuild_droplet",
        _ => "droplet_action",
    };

    public static async Task<DropletActionRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new DropletActionRequest(null, null, null, false, "error parsing request body");
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            long? image = null;
            var isSlug = false;
            if (root.TryGetProperty("image", out var i))
            {
                if (i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out var number))
                {
                    image = number;
                }
                else if (i.ValueKind == JsonValueKind.String)
                {
                    if (long.TryParse(i.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                    {
                        image = parsed;
                    }
                    else
                    {
                        isSlug = true;
                    }
                }
            }

            return new DropletActionRequest(type, name, image, isSlug, null);
        }
        catch (JsonException)
        {
            return new DropletActionRequest(null, null, null, false, "error parsing request body");
        }
    }
}
