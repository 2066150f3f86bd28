using System.Text.Json;
using System.Text.Json.Serialization;
using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.DigitalOcean.Internal.Json;

/// <summary>Serializer settings and the mapping from wire shapes to the public models.</summary>
internal static class DigitalOceanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Account? ToModel(AccountDto? dto) =>
        dto is null ? null : new Account(dto.Uuid, dto.Email, dto.Status, dto.DropletLimit);

    public static Droplet? ToModel(DropletDto? dto) =>
        dto?.Id is not { } id
            ? null
            : new Droplet(
                id,
                dto.Name ?? string.Empty,
                dto.Status ?? string.Empty,
                dto.Locked,
                dto.Disk,
                dto.Memory,
                dto.Vcpus,
                dto.SizeSlug,
                dto.Region,
                dto.CreatedAt,
                dto.SnapshotIds?.Where(x => x.HasValue).Select(x => x!.Value).ToArray() ?? [])
            {
                Tags = dto.Tags?.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToArray() ?? [],
                PublicIPv4 = dto.Networks?.V4?.FirstOrDefault(n => string.Equals(n?.Type, "public", StringComparison.Ordinal))?.IpAddress,
            };

    public static DropletAction? ToModel(ActionDto? dto) =>
        dto?.Id is not { } id
            ? null
            : new DropletAction(
                id,
                dto.Status ?? DropletActionStatus.InProgress,
                dto.Type ?? string.Empty,
                dto.StartedAt,
                dto.CompletedAt,
                dto.ResourceId,
                dto.ResourceType,
                dto.RegionSlug ?? dto.Region);

    public static Snapshot? ToModel(SnapshotDto? dto, long? resourceIdFallback = null) =>
        dto is null || string.IsNullOrEmpty(dto.Id)
            ? null
            : new Snapshot(
                dto.Id,
                dto.Name ?? string.Empty,
                dto.CreatedAt ?? DateTimeOffset.MinValue,
                dto.ResourceId ?? resourceIdFallback,
                dto.ResourceType ?? (resourceIdFallback is null ? null : "droplet"),
                dto.SizeGigabytes,
                dto.MinDiskSize,
                dto.Regions?.Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).ToArray() ?? []);
}
