using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Backups.Operator.Simulator.Faults;

namespace Backups.Operator.DigitalOcean.Tests.Http;

/// <summary>The token never appears in logs (any level), results, errors, exceptions or metrics.</summary>
public sealed class TokenSecrecyTests
{
    [Fact]
    public async Task The_token_is_in_no_log_result_error_or_metric()
    {
        await using var scope = await SimulatorScope.StartAsync(client: o => o.MaxRetries = 1);
        var client = scope.ClientA();
        var unknown = scope.Factory.Create("dop_v1_secret_unknown_token_123456");
        scope.State.Faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.HttpError, Count = 5 });
        scope.State.Faults.Add(new FaultRule { Operation = "snapshot_droplet", Kind = FaultKind.DropConnection, AfterCommit = true, Count = 1 });

        var results = new List<object>
        {
            await client.GetAccountAsync(CancellationToken.None),
            await client.GetDropletAsync(SimulatorScope.ShopDroplet, CancellationToken.None),
            await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "n", CancellationToken.None),
            await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "n", CancellationToken.None),
            await client.GetSnapshotAsync("404", CancellationToken.None),
            await client.DeleteSnapshotAsync("404", CancellationToken.None),
            await client.RebuildDropletAsync(SimulatorScope.ShopDroplet, 5, CancellationToken.None),
            await unknown.GetAccountAsync(CancellationToken.None),
        };
        var thrown = Record.Exception(() => scope.Factory.Create(" dop_v1_padded_token "));

        var texts = scope.Logs.Records
            .Concat(scope.Metrics.AllText())
            .Concat(results.Select(r => r.ToString()!))
            .Concat([client.ToString()!, unknown.ToString()!, thrown!.ToString()])
            .ToList();
        texts.Should().NotBeEmpty();
        scope.Logs.Records.Should().Contain(r => r.Contains("Ambiguous", StringComparison.Ordinal) || r.Contains("unknown outcome", StringComparison.Ordinal));
        foreach (var secret in new[] { SimulatorScope.TokenA, "dop_v1_secret_unknown_token_123456", "dop_v1_padded_token" })
        {
            texts.Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal));
        }

        ((DoResult<Models.Account>)results[^1]).Kind.Should().Be(DoResultKind.Unauthorized);
    }
}
