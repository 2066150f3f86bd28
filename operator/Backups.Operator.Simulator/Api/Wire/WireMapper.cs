using System.Globalization;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Api.Wire;

/// <summary>Turns simulator views into DigitalOcean's JSON shapes.</summary>
internal static class WireMapper
{
    private static readonly Dictionary<string, string> RegionNames = new(StringComparer.Ordinal)
    {
        ["nyc1"] = "New York 1",
        ["nyc2"] = "New York 2",
        ["nyc3"] = "New York 3",
        ["sfo2"] = "San Francisco 2",
        ["sfo3"] = "San Francisco 3",
        ["ams3"] = "Amsterdam 3",
        ["fra1"] = "Frankfurt 1",
        ["lon1"] = "London 1",
        ["sgp1"] = "Singapore 1",
        ["tor1"] = "Toronto 1",
        ["blr1"] = "Bangalore 1",
        ["syd1"] = "Sydney 1",
    };

    /// <summary>Every region slug the simulator knows.</summary>
    public static string[] RegionSlugs => [.. RegionNames.Keys];

    private static readonly string[] RegionFeatures = ["backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"];

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static RegionWire Region(string slug, string sizeSlug) =>
        new(RegionNames.GetValueOrDefault(slug, slug), slug, RegionFeatures, true, [sizeSlug]);

    public static ActionWire Action(SimulatedAction a) =>
        new(a.Id, a.Status, a.Type, Time(a.StartedAt), a.CompletedAt is { } c ? Time(c) : null, a.DropletId, "droplet", Region(a.RegionSlug, "s-1vcpu-2gb"), a.RegionSlug);

    public static DropletWire Droplet(SimulatedDroplet d) =>
        new(
            d.Id,
            d.Name,
            d.MemoryMegabytes,
            d.Vcpus,
            d.DiskGigabytes,
            [new DiskInfoWire("local", new DiskSizeWire(d.DiskGigabytes, "gib"))],
            d.Locked,
            d.Status,
            null,
            Time(d.CreatedAt),
            ["private_networking", "ipv6", "monitoring"],
            [],
            null,
            [.. d.SnapshotIds],
            new ImageWire(63663980, "24.04 (LTS) x64", "Ubuntu", "ubuntu-24-04-x64", true, [d.RegionSlug], "base", 15, "available"),
            [],
            new SizeWire(d.SizeSlug, d.MemoryMegabytes, d.Vcpus, d.DiskGigabytes, 2.0, 12.0, 0.01786, [d.RegionSlug], true, "Basic"),
            d.SizeSlug,
            new NetworksWire(d.PublicIPv4 is { } ip ? [new NetworkV4Wire(ip, "255.0.0.0", "127.0.0.1", "public")] : [], []),
            Region(d.RegionSlug, d.SizeSlug),
            [.. d.Tags],
            "760e09ef-dc84-11e8-981e-3cfdfeaae000");

    public static DropletSnapshotWire DropletSnapshot(SimulatedSnapshot s) =>
        new(s.Id, s.Name, "Ubuntu", null, false, [s.RegionSlug], Time(s.CreatedAt), s.MinDiskSize, s.SizeGigabytes, "snapshot");

    public static SnapshotWire Snapshot(SimulatedSnapshot s) =>
        new(
            s.Id.ToString(CultureInfo.InvariantCulture),
            s.Name,
            Time(s.CreatedAt),
            [s.RegionSlug],
            s.DropletId.ToString(CultureInfo.InvariantCulture),
            "droplet",
            s.MinDiskSize,
            s.SizeGigabytes,
            []);

    public static AccountWire Account(SimulatedAccount a) =>
        new(a.DropletLimit, 3, 100, a.Email, a.Uuid, true, "active", string.Empty);
}
