namespace Backups.Operator.Simulator.Hosting;

/// <summary>How the simulated DigitalOcean behaves. Validated at start-up.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Seconds an action takes per GB of used disk (DigitalOcean: about 60–180 s/GB).</summary>
    public double SecondsPerGigabyte { get; set; } = 60;

    /// <summary>The shortest an action takes, whatever the disk usage.</summary>
    public double MinActionSeconds { get; set; } = 10;

    /// <summary>Requests per token per sliding minute before 429 with <c>retry-after</c> (DigitalOcean: 250).</summary>
    public int RateLimitPerMinute { get; set; } = 250;

    /// <summary>Requests per token per sliding hour before 429 (DigitalOcean: 5,000); also the <c>ratelimit-limit</c> header.</summary>
    public int RateLimitPerHour { get; set; } = 5000;

    /// <summary>Compressed snapshot size as a fraction of the droplet's used disk (<c>size_gigabytes</c>).</summary>
    public double SnapshotSizeRatio { get; set; } = 0.6;

    /// <summary>A JSON seed file (accounts, tokens, droplets) loaded at start, or null.</summary>
    public string? SeedFile { get; set; }

    /// <summary>Seed of the random source used for probabilistic faults (null: nondeterministic).</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Request log entries kept (counts are kept for all requests).</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    internal SimulatorOptions Clone() => (SimulatorOptions)MemberwiseClone();
}
