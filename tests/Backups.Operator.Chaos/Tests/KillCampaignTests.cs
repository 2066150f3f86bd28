using Backups.Operator.Chaos.Campaign;
using Backups.Operator.Chaos.Stack;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Chaos.Tests;

/// <summary>
/// The short kill campaign of <c>make test</c> (about 10 kills; <c>make chaos</c> runs 200): no duplicate snapshot POST, no
/// orphan, nothing stuck, no foreign snapshot touched. <c>CHAOS_KILLS</c> and <c>CHAOS_SEED</c> change the count and seed.
/// </summary>
public sealed class KillCampaignTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_operator_at_random_moments_breaks_no_invariant()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("LocalStack waits for the API server with kubectl (installed by `make tools`)");
        var options = KillCampaignOptions.FromEnvironment(defaultKills: 10);
        await using var stack = await ChaosStack.StartAsync(output.WriteLine, CancellationToken.None);

        var result = await new KillCampaign(stack, options, output.WriteLine).RunAsync(CancellationToken.None);

        foreach (var line in result.Report())
        {
            output.WriteLine(line);
        }

        result.Kills.Should().BeGreaterThanOrEqualTo(options.Kills);
        result.SnapshotPosts.Should().BePositive("backups were made while the operator was being killed");
        result.BackupsAvailable.Should().BePositive();
        result.Violations.Should().BeEmpty();
    }
}
