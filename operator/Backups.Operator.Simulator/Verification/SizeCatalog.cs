namespace Backups.Operator.Simulator.Verification;

/// <summary>One droplet size of <c>GET /v2/sizes</c>.</summary>
public sealed record SimulatedSize(string Slug, int MemoryMegabytes, int Vcpus, int DiskGigabytes, double PriceMonthly, double PriceHourly);

/// <summary>The Basic droplet sizes the simulator offers in every region (DigitalOcean's list prices, 2026).</summary>
public static class SizeCatalog
{
    public static IReadOnlyList<SimulatedSize> All { get; } =
    [
        new("s-1vcpu-512mb-10gb", 512, 1, 10, 4, 0.00595),
        new("s-1vcpu-1gb", 1024, 1, 25, 6, 0.00893),
        new("s-1vcpu-2gb", 2048, 1, 50, 12, 0.01786),
        new("s-2vcpu-2gb", 2048, 2, 60, 18, 0.02679),
        new("s-2vcpu-4gb", 4096, 2, 80, 24, 0.03571),
        new("s-4vcpu-8gb", 8192, 4, 160, 48, 0.07143),
        new("s-8vcpu-16gb", 16384, 8, 320, 96, 0.14286),
    ];

    /// <summary>The size with this slug, or null.</summary>
    public static SimulatedSize? Find(string? slug) => All.FirstOrDefault(s => string.Equals(s.Slug, slug, StringComparison.Ordinal));
}
