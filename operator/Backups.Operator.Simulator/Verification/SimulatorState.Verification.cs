using Backups.Operator.Simulator.Verification;

namespace Backups.Operator.Simulator.State;

/// <summary>A droplet created through <c>POST /v2/droplets</c> and later destroyed: how long it existed (for cost figures).</summary>
public sealed record DestroyedDroplet(long Id, string Name, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset DeletedAt)
{
    /// <summary>Seconds the droplet existed.</summary>
    public double Seconds => (DeletedAt - CreatedAt).TotalSeconds;
}

/// <summary>What <c>POST /v2/droplets</c> asks for.</summary>
internal sealed record NewDropletRequest(string? Name, string? Region, string? Size, long? Image, IReadOnlyList<string> Tags);

// Droplets created from snapshot images, their applications, corrupt data versions, and droplet deletion
// (docs/digitalocean-api.md, "Droplets from snapshots").
public sealed partial class SimulatorState
{
    private readonly HashSet<string> _corruptDataVersions = new(StringComparer.Ordinal);
    private readonly List<DestroyedDroplet> _destroyed = [];

    /// <summary>
    /// Marks the data version a snapshot captured as corrupt (or healthy again): a droplet created from it boots, but its
    /// application never opens its ports, so every probe of it is refused.
    /// </summary>
    public SimulatedSnapshot SetSnapshotCorrupt(long snapshotId, bool corrupt)
    {
        lock (_lock)
        {
            AdvanceLocked();
            var snapshot = _snapshots.GetValueOrDefault(snapshotId) ?? throw new KeyNotFoundException($"No snapshot {snapshotId}.");
            if (corrupt)
            {
                _corruptDataVersions.Add(snapshot.DataVersion);
            }
            else
            {
                _corruptDataVersions.Remove(snapshot.DataVersion);
            }

            return View(snapshot);
        }
    }

    /// <summary>Every droplet carrying <paramref name="tag"/>, in any account.</summary>
    public IReadOnlyList<SimulatedDroplet> ListDropletsWithTag(string tag)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _droplets.Values.Where(d => d.Tags.Contains(tag, StringComparer.Ordinal)).OrderBy(d => d.Id).Select(View).ToList();
        }
    }

    /// <summary>Droplets created through the API and destroyed since the start, oldest first.</summary>
    public IReadOnlyList<DestroyedDroplet> ListDestroyedDroplets()
    {
        lock (_lock)
        {
            return [.. _destroyed];
        }
    }

    /// <summary>Stops every droplet application (the simulator is shutting down).</summary>
    public void StopApplications()
    {
        lock (_lock)
        {
            foreach (var droplet in _droplets.Values)
            {
                droplet.Application?.Dispose();
                droplet.Application = null;
            }
        }
    }

    internal IReadOnlyList<SimulatedDroplet> ListDroplets(SimAccount account, string? tag)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _droplets.Values
                .Where(d => d.Account == account && (string.IsNullOrEmpty(tag) || d.Tags.Contains(tag, StringComparer.Ordinal)))
                .OrderBy(d => d.Id)
                .Select(View)
                .ToList();
        }
    }

    internal SimResult<(SimulatedDroplet Droplet, SimulatedAction Action)> CreateDroplet(SimAccount account, NewDropletRequest request, bool willError)
    {
        lock (_lock)
        {
            AdvanceLocked();
            if (string.IsNullOrWhiteSpace(request.Name))
            {
                return ApiError.Unprocessable("Name is required.");
            }

            if (request.Tags.Any(t => !IsTagName(t)))
            {
                return ApiError.Unprocessable("Tag names may contain letters, numbers, colons, dashes and underscores, at most 255 characters.");
            }

            if (SizeCatalog.Find(request.Size) is not { } size)
            {
                return ApiError.Unprocessable("You specified an invalid size for Droplet creation.");
            }

            if (request.Image is not { } imageId || !_snapshots.TryGetValue(imageId, out var image) || image.Account != account)
            {
                return ApiError.Unprocessable("You specified an invalid image for Droplet creation.");
            }

            if (!string.Equals(request.Region, image.RegionSlug, StringComparison.Ordinal))
            {
                return ApiError.Unprocessable($"The image is not available in the region '{request.Region}'.");
            }

            if (image.MinDiskSize > size.DiskGigabytes)
            {
                return ApiError.Unprocessable("The size's disk is smaller than the image's minimum disk size.");
            }

            if (_droplets.Values.Count(d => d.Account == account) >= account.DropletLimit)
            {
                return ApiError.Unprocessable("creating this/these droplet(s) will exceed your droplet limit");
            }

            var now = _timeProvider.GetUtcNow();
            var droplet = new SimDroplet
            {
                Id = NextFreeDropletId(),
                Account = account,
                Name = request.Name,
                RegionSlug = image.RegionSlug,
                SizeSlug = size.Slug,
                DiskGigabytes = size.DiskGigabytes,
                MemoryMegabytes = size.MemoryMegabytes,
                Vcpus = size.Vcpus,
                CreatedAt = Truncate(now),
                Status = "new",
                UsedGigabytes = image.UsedGigabytes,
                DataVersion = image.DataVersion,
                FromSnapshotId = image.Id,
            };
            droplet.Tags.AddRange(request.Tags.Distinct(StringComparer.Ordinal));
            _droplets.Add(droplet.Id, droplet);

            // Booting a droplet from an image takes about as long as writing the image (the rebuild formula).
            var action = StartActionLocked(droplet, "create", now, image.UsedGigabytes, image.DataVersion, willError, snapshotName: null, imageId: image.Id);
            return (View(droplet), View(action));
        }
    }

    internal ApiError? DeleteDroplet(SimAccount account, long dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            if (OwnedDroplet(account, dropletId) is not { } droplet)
            {
                return ApiError.NotFound;
            }

            _droplets.Remove(droplet.Id);
            if (droplet.PendingAction is { } pending)
            {
                _inProgress.Remove(pending);
                pending.Status = "errored";
                pending.CompletedAt = Truncate(_timeProvider.GetUtcNow());
            }

            droplet.Application?.Dispose();
            droplet.Application = null;
            if (droplet.FromSnapshotId is not null)
            {
                _destroyed.Add(new DestroyedDroplet(droplet.Id, droplet.Name, [.. droplet.Tags], droplet.CreatedAt, _timeProvider.GetUtcNow()));
            }

            return null;
        }
    }

    private void CompleteCreate(SimDroplet droplet)
    {
        droplet.Status = "active";
        droplet.Application ??= DropletApplication.Start(healthy: !_corruptDataVersions.Contains(droplet.DataVersion));
    }

    private static bool IsTagName(string tag) =>
        tag.Length is > 0 and <= 255 && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_');
}
