using Backups.Operator.DigitalOcean.Tests.TestSupport;

namespace Backups.Operator.DigitalOcean.Tests.Http;

/// <summary>The client against the simulator's real rate limiting, both on one fake clock.</summary>
public sealed class RateLimitIntegrationTests
{
    [Fact]
    public async Task After_a_burst_429_the_token_waits_retry_after_while_other_tokens_go_on()
    {
        await using var scope = await SimulatorScope.StartAsync(simulator: o => o.RateLimitPerMinute = 3, sharedClock: true);
        var client = scope.ClientA();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAccountAsync(CancellationToken.None)).IsOk.Should().BeTrue();
        }

        var fourth = client.GetAccountAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => scope.InternalFactory.LimiterFor(SimulatorScope.TokenA).QueueLength == 1, "the retry waits in the token's queue");
        var other = await scope.ClientB().GetAccountAsync(CancellationToken.None);

        other.IsOk.Should().BeTrue("another token is not slowed by a busy one");
        fourth.IsCompleted.Should().BeFalse();
        scope.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.Yield();
        fourth.IsCompleted.Should().BeFalse("retry-after is 60 s");
        scope.Time.Advance(TimeSpan.FromSeconds(1));

        var result = await fourth;
        result.IsOk.Should().BeTrue();
        scope.State.Requests.Counts()["get_account"].ByStatus.Should().Equal(new Dictionary<int, int> { [200] = 5, [429] = 1 });
        scope.Metrics.Waits.Should().ContainSingle(w => w.Waited == TimeSpan.FromSeconds(60));
    }
}
