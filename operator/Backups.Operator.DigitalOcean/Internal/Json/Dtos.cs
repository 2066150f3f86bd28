using System.Text.Json.Serialization;

namespace Backups.Operator.DigitalOcean.Internal.Json;

// Wire shapes, decoded leniently: every field optional, ids as number or string, region as object or string.
// Unknown fields are ignored.

internal sealed class ErrorBody
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }
}

internal sealed class PageLinks
{
    [JsonPropertyName("pages")]
    public PageLinkSet? Pages { get; set; }
}

internal sealed class PageLinkSet
{
    [JsonPropertyName("next")]
    public string? Next { get; set; }
}

internal sealed class AccountEnvelope
{
    [JsonPropertyName("account")]
    public AccountDto? Account { get; set; }
}

internal sealed class AccountDto
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("droplet_limit")]
    public int DropletLimit { get; set; }
}

internal sealed class DropletEnvelope
{
    [JsonPropertyName("droplet")]
    public DropletDto? Droplet { get; set; }
}

internal sealed class DropletDto
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(LenientInt64Converter))]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("locked")]
    public bool Locked { get; set; }

    [JsonPropertyName("disk")]
    public int Disk { get; set; }

    [JsonPropertyName("memory")]
    public int Memory { get; set; }

    [JsonPropertyName("vcpus")]
    public int Vcpus { get; set; }

    [JsonPropertyName("size_slug")]
    public string? SizeSlug { get; set; }

    [JsonPropertyName("region")]
    [JsonConverter(typeof(RegionSlugConverter))]
    public string? Region { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("snapshot_ids")]
    public List<long?>? SnapshotIds { get; set; }

    [JsonPropertyName("tags")]
    public List<string?>? Tags { get; set; }

    [JsonPropertyName("networks")]
    public NetworksDto? Networks { get; set; }
}

internal sealed class ActionEnvelope
{
    [JsonPropertyName("action")]
    public ActionDto? Action { get; set; }
}

internal sealed class ActionListEnvelope
{
    [JsonPropertyName("actions")]
    public List<ActionDto>? Actions { get; set; }

    [JsonPropertyName("links")]
    public PageLinks? Links { get; set; }
}

internal sealed class ActionDto
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(LenientInt64Converter))]
    public long? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("started_at")]
    public DateTimeOffset? StartedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonPropertyName("resource_id")]
    [JsonConverter(typeof(LenientInt64Converter))]
    public long? ResourceId { get; set; }

    [JsonPropertyName("resource_type")]
    public string? ResourceType { get; set; }

    [JsonPropertyName("region")]
    [JsonConverter(typeof(RegionSlugConverter))]
    public string? Region { get; set; }

    [JsonPropertyName("region_slug")]
    public string? RegionSlug { get; set; }
}

internal sealed class SnapshotEnvelope
{
    [JsonPropertyName("snapshot")]
    public SnapshotDto? Snapshot { get; set; }
}

internal sealed class SnapshotListEnvelope
{
    [JsonPropertyName("snapshots")]
    public List<SnapshotDto>? Snapshots { get; set; }

    [JsonPropertyName("links")]
    public PageLinks? Links { get; set; }
}

internal sealed class SnapshotDto
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("resource_id")]
    [JsonConverter(typeof(LenientInt64Converter))]
    public long? ResourceId { get; set; }

    [JsonPropertyName("resource_type")]
    public string? ResourceType { get; set; }

    [JsonPropertyName("size_gigabytes")]
    public double SizeGigabytes { get; set; }

    [JsonPropertyName("min_disk_size")]
    public int MinDiskSize { get; set; }

    [JsonPropertyName("regions")]
    public List<string?>? Regions { get; set; }
}
