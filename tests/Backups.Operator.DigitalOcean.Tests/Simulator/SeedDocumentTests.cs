using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.Seeding;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

public sealed class SeedDocumentTests
{
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backups.Operator.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new FileNotFoundException("Repository root not found.");
    }

    [Fact]
    public void The_example_seed_has_two_accounts_and_three_droplets_reachable_by_their_documented_tokens()
    {
        var state = new SimulatorState(new SimulatorOptions(), TimeProvider.System);

        SeedDocument.Load(RepositoryFile("examples/simulator/seed.json")).ApplyTo(state);

        state.ListAccounts().Should().HaveCountGreaterThanOrEqualTo(2);
        state.ListAccounts().Sum(a => a.DropletIds.Count).Should().BeGreaterThanOrEqualTo(3);
        var teamA = state.Authenticate("dop_v1_simulator_team_a_0000000000000000000000000000000000000000000000000000000000a")!;
        var teamB = state.Authenticate("dop_v1_simulator_team_b_0000000000000000000000000000000000000000000000000000000000b")!;
        state.GetDroplet(teamA, 3164444).Value!.Name.Should().Be("shop");
        state.GetDroplet(teamB, 3164444).Error.Should().Be(ApiError.NotFound);
        state.GetDroplet(teamB, 3164450).Value!.DataVersion.Should().Be("crm-v1");
    }

    [Fact]
    public async Task A_missing_seed_file_fails_validation_at_start()
    {
        var start = () => SimulatorHost.StartAsync(new SimulatorOptions { SeedFile = "/nonexistent/seed.json" }, TimeProvider.System, CancellationToken.None);

        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Seed file*");
    }
}
