using Microsoft.Extensions.Options;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>How verification runs behave (configuration section <c>Verification</c>; validated at start-up). See docs/design.md, "Verifications".</summary>
public sealed class VerificationOptions
{
    public const string SectionName = "Verification";

    /// <summary>At most this many verification droplets exist at once per DigitalOcean token; further verifications wait in Pending.</summary>
    public int MaxDropletsPerToken { get; set; } = 2;

    /// <summary>How long the probe may keep failing after the droplet is active before the run fails (bounded by timeoutMinutes).</summary>
    public TimeSpan ProbeGracePeriod { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Time between probe attempts.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one probe attempt (TCP connect or HTTP GET) may take.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between looks at a booting droplet.</summary>
    public TimeSpan BootPollInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// After a create POST with an unknown outcome, a second POST is allowed only when no droplet with the verification's
    /// tag has appeared this long after the intent (DigitalOcean lists a droplet as soon as its POST is accepted).
    /// </summary>
    public TimeSpan AdoptionWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often leaked verification droplets (tagged, their verification gone) are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A tagged droplet younger than this is never swept (its verification may not be in the cache yet).</summary>
    public TimeSpan SweepMinimumAge { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Start-up validation of <see cref="VerificationOptions"/>.</summary>
public sealed class VerificationOptionsValidator : IValidateOptions<VerificationOptions>
{
    public ValidateOptionsResult Validate(string? name, VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxDropletsPerToken is < 1 or > 100)
        {
            failures.Add("Verification:MaxDropletsPerToken must be between 1 and 100.");
        }

        foreach (var (value, field) in new[]
                 {
                     (options.ProbeGracePeriod, nameof(options.ProbeGracePeriod)), (options.ProbeInterval, nameof(options.ProbeInterval)),
                     (options.ProbeTimeout, nameof(options.ProbeTimeout)), (options.BootPollInterval, nameof(options.BootPollInterval)),
                     (options.AdoptionWindow, nameof(options.AdoptionWindow)), (options.SweepInterval, nameof(options.SweepInterval)),
                     (options.SweepMinimumAge, nameof(options.SweepMinimumAge)),
                 })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(3))
            {
                failures.Add($"Verification:{field} must be positive and at most 3 hours.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
