using Microsoft.Extensions.Options;

namespace Backups.Operator.Simulator.Hosting;

/// <summary>Rejects simulator settings that make no sense, at start-up.</summary>
internal sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        if (!(options.SecondsPerGigabyte >= 0) || double.IsInfinity(options.SecondsPerGigabyte))
        {
            failures.Add("SecondsPerGigabyte must be a finite number >= 0.");
        }

        if (!(options.MinActionSeconds >= 0) || double.IsInfinity(options.MinActionSeconds))
        {
            failures.Add("MinActionSeconds must be a finite number >= 0.");
        }

        if (options.RateLimitPerMinute < 1 || options.RateLimitPerHour < 1)
        {
            failures.Add("RateLimitPerMinute and RateLimitPerHour must be at least 1.");
        }

        if (!(options.SnapshotSizeRatio > 0 && options.SnapshotSizeRatio <= 1))
        {
            failures.Add("SnapshotSizeRatio must be in (0, 1].");
        }

        if (options.SeedFile is { } seed && !File.Exists(seed))
        {
            failures.Add($"Seed file '{seed}' does not exist.");
        }

        if (options.RequestLogCapacity < 0)
        {
            failures.Add("RequestLogCapacity must be >= 0.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
