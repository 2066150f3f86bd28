using System.Globalization;

namespace Backups.Operator.Chaos.Campaign;

/// <summary>How long and how a kill campaign runs. <c>CHAOS_KILLS</c> and <c>CHAOS_SEED</c> override the count and seed.</summary>
public sealed record KillCampaignOptions
{
    /// <summary>SIGKILLs (and API server restarts) to make; a double kill counts two.</summary>
    public int Kills { get; init; } = 10;

    /// <summary>Seed of every random choice (kill kinds, delays, the workload); timings still vary with the machine.</summary>
    public int Seed { get; init; } = 13;

    /// <summary>Policies (each on its own droplet, cron every minute).</summary>
    public int Policies { get; init; } = 6;

    /// <summary>The namespace of the run; operator snapshots are named <c>&lt;namespace&gt;-…</c>.</summary>
    public string Namespace { get; init; } = "chaos";

    /// <summary>The longest wait for the work to settle, and again for the deletions to finish.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>The defaults with <c>CHAOS_KILLS</c> / <c>CHAOS_SEED</c> applied when set.</summary>
    public static KillCampaignOptions FromEnvironment(int defaultKills)
    {
        var options = new KillCampaignOptions { Kills = defaultKills };
        if (int.TryParse(Environment.GetEnvironmentVariable("CHAOS_KILLS"), NumberStyles.None, CultureInfo.InvariantCulture, out var kills) && kills > 0)
        {
            options = options with { Kills = kills };
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
        {
            options = options with { Seed = seed };
        }

        return options;
    }
}
