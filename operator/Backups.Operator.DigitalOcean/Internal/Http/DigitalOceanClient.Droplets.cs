using Backups.Operator.DigitalOcean.Internal.Json;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;

namespace Backups.Operator.DigitalOcean.Internal.Http;

// Droplets created from snapshot images, listed by tag and destroyed; sizes (docs/digitalocean-api.md, "Droplets from snapshots").
internal sealed partial class DigitalOceanClient
{
    public async Task<DoResult<DropletCreation>> CreateDropletAsync(DropletCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name);
        var body = new CreateDropletBody(request.Name, request.Region, request.Size, request.Image, [.. request.Tags]);
        var result = await ExecuteAsync(
            DigitalOceanOperations.CreateDroplet,
            HttpMethod.Post,
            "v2/droplets",
            body,
            idempotent: false,
            text => Decode(
                DigitalOceanOperations.CreateDroplet,
                text,
                (DropletCreationEnvelope e) => DigitalOceanJson.ToModel(e.Droplet) is { } droplet
                    ? new DropletCreation(droplet, e.Links?.Actions?.FirstOrDefault(a => a?.Rel is null or "create")?.Id)
                    : null,
                idempotent: false),
            cancellationToken).ConfigureAwait(false);
        if (result.Kind == DoResultKind.Ambiguous)
        {
            Log.AmbiguousPost(_logger, DigitalOceanOperations.CreateDroplet, TokenLabel, result.Error!.Message);
        }

        return result;
    }

    public Task<DoResult<IReadOnlyList<Droplet>>> ListDropletsByTagAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return ListAllAsync(
            DigitalOceanOperations.ListDroplets,
            $"v2/droplets?tag_name={Uri.EscapeDataString(tag)}&page=1&per_page={Id(_options.PageSize)}",
            (DropletListEnvelope e) => new Page<Droplet>(e.Droplets?.Select(DigitalOceanJson.ToModel).OfType<Droplet>().ToList() ?? [], e.Links?.Pages?.Next),
            maxPages: _options.MaxPages,
            cancellationToken);
    }

    public async Task<DoResult<DropletDeletion>> DeleteDropletAsync(long dropletId, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(
            DigitalOceanOperations.DeleteDroplet,
            HttpMethod.Delete,
            $"v2/droplets/{Id(dropletId)}",
            body: null,
            idempotent: true,
            _ => DoResult<DropletDeletion>.Ok(DropletDeletion.Deleted),
            cancellationToken).ConfigureAwait(false);

        // As for snapshots: a 404 (also after a retried DELETE that did succeed) means the droplet is gone.
        return result.Kind == DoResultKind.NotFound ? DoResult<DropletDeletion>.Ok(DropletDeletion.AlreadyGone) : result;
    }

    public Task<DoResult<IReadOnlyList<DropletSize>>> ListSizesAsync(CancellationToken cancellationToken) =>
        ListAllAsync(
            DigitalOceanOperations.ListSizes,
            $"v2/sizes?page=1&per_page={Id(_options.PageSize)}",
            (SizeListEnvelope e) => new Page<DropletSize>(
                e.Sizes?.Where(s => !string.IsNullOrEmpty(s.Slug))
                    .Select(s => new DropletSize(
                        s.Slug!,
                        s.Memory,
                        s.Vcpus,
                        s.Disk,
                        s.PriceHourly,
                        s.PriceMonthly,
                        s.Regions?.Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).ToArray() ?? [],
                        s.Available))
                    .ToList() ?? [],
                e.Links?.Pages?.Next),
            maxPages: _options.MaxPages,
            cancellationToken);

    private sealed record CreateDropletBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("region")] string Region,
        [property: System.Text.Json.Serialization.JsonPropertyName("size")] string Size,
        [property: System.Text.Json.Serialization.JsonPropertyName("image")] long Image,
        [property: System.Text.Json.Serialization.JsonPropertyName("tags")] string[] Tags);
}
