using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Backups.Operator.Simulator.Faults;

namespace Backups.Operator.DigitalOcean.Tests.Logging;

/// <summary>How much a DigitalOcean request writes to the log at Information: nothing for a routine success or a retried
/// failure, one line for a final failure.</summary>
public sealed class RequestLoggingTests
{
    private static List<string> InformationOrAbove(SimulatorScope scope) =>
        scope.Logs.Records.Where(r => r.StartsWith("Information", StringComparison.Ordinal)
            || r.StartsWith("Warning", StringComparison.Ordinal)
            || r.StartsWith("Error", StringComparison.Ordinal)
            || r.StartsWith("Critical", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Successful_requests_write_no_line_at_Information()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();

        (await client.GetAccountAsync(CancellationToken.None)).IsOk.Should().BeTrue();
        (await client.GetDropletAsync(SimulatorScope.ShopDroplet, CancellationToken.None)).IsOk.Should().BeTrue();
        (await client.ListDropletActionsAsync(SimulatorScope.ShopDroplet, CancellationToken.None)).IsOk.Should().BeTrue();

        scope.Logs.Records.Should().Contain(r => r.StartsWith("Debug", StringComparison.Ordinal), "the requests are still logged at Debug");
        InformationOrAbove(scope).Should().BeEmpty();
    }

    [Fact]
    public async Task A_retried_failure_is_Debug_and_only_the_final_failure_is_one_Information_line()
    {
        await using var scope = await SimulatorScope.StartAsync(client: o => o.MaxRetries = 2);
        var client = scope.ClientA();
        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, Count = 1 });

        (await client.GetDropletAsync(SimulatorScope.ShopDroplet, CancellationToken.None)).IsOk.Should().BeTrue();
        InformationOrAbove(scope).Should().BeEmpty("a failure that a retry fixed is routine");

        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, Count = 3 });
        (await client.GetDropletAsync(SimulatorScope.ShopDroplet, CancellationToken.None)).IsOk.Should().BeFalse();
        InformationOrAbove(scope).Should().ContainSingle().Which.Should().Contain("get_droplet");
    }
}
