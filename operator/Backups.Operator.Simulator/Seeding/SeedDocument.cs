using System.Text.Json;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Seeding;

/// <summary>The seed file: accounts with their tokens and droplets (see <c>examples/simulator/seed.json</c>).</summary>
public sealed record SeedDocument(IReadOnlyList<SeedAccount> Accounts)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SeedDocument Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SeedDocument>(stream, Options)
               ?? throw new InvalidDataException($"Seed file '{path}' is empty.");
    }

    /// <summary>Adds every account and droplet to <paramref name="state"/>.</summary>
    public void ApplyTo(SimulatorState state)
    {
        foreach (var account in Accounts ?? [])
        {
            state.AddAccount(account.Token, account.Email, account.DropletLimit ?? 25);
            foreach (var droplet in account.Droplets ?? [])
            {
                state.AddDroplet(account.Token, droplet);
            }
        }
    }
}

/// <summary>One account of the seed.</summary>
public sealed record SeedAccount(string Token, string? Email, int? DropletLimit, IReadOnlyList<DropletSpec>? Droplets);
