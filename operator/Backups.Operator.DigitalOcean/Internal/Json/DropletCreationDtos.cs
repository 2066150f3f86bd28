using System.Text.Json.Serialization;

namespace Backups.Operator.DigitalOcean.Internal.Json;

// Wire shapes of droplet creation, droplet lists, networks and sizes (docs/digitalocean-api.md, "Droplets from snapshots").

internal sealed class NetworksDto
{
    [JsonPropertyName("v4")]
    public List<NetworkV4Dto?>? V4 { get; set; }
}

internal sealed class NetworkV4Dto
{
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }
}

internal sealed class DropletCreationEnvelope
{
    [JsonPropertyName("droplet")]
    public DropletDto? Droplet { get; set; }

    [JsonPropertyName("links")]
    public CreationLinks? Links { get; set; }
}

internal sealed class CreationLinks
{
    [JsonPropertyName("actions")]
    public List<ActionLink?>? Actions { get; set; }
}

internal sealed class ActionLink
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(LenientInt64Converter))]
    public long? Id { get; set; }

    [JsonPropertyName("rel")]
    public string? Rel { get; set; }
}

internal sealed class DropletListEnvelope
{
    [JsonPropertyName("droplets")]
    public List<DropletDto>? Droplets { get; set; }

    [JsonPropertyName("links")]
    public PageLinks? Links { get; set; }
}

internal sealed class SizeListEnvelope
{
    [JsonPropertyName("sizes")]
    public List<SizeDto>? Sizes { get; set; }

    [JsonPropertyName("links")]
    public PageLinks? Links { get; set; }
}

internal sealed class SizeDto
{
    [JsonPropertyName("slug")]
    public string? Slug { get; set; }

    [JsonPropertyName("memory")]
    public int Memory { get; set; }

    [JsonPropertyName("vcpus")]
    public int Vcpus { get; set; }

    [JsonPropertyName("disk")]
    public int Disk { get; set; }

    [JsonPropertyName("price_hourly")]
    public double PriceHourly { get; set; }

    [JsonPropertyName("price_monthly")]
    public double PriceMonthly { get; set; }

    [JsonPropertyName("regions")]
    public List<string?>? Regions { get; set; }

    [JsonPropertyName("available")]
    public bool Available { get; set; } = true;
}
