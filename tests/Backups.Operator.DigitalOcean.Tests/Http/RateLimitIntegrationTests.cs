using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.DigitalOcean.Tests.TestSupport;

namespace Backups.Operator.DigitalOcean.Tests.Http;

/// <summary>The client against the simulator's real rate limiting, both on one fake clock.</summary>
public sealed class RateLimitIntegrationTests
{
    [Fact]
    public async Task After_a_burst_429_the_token_is_deferred_until_retry_after_without_waiting_while_other_tokens_go_on()
    {
        await using var scope = await SimulatorScope.StartAsync(simulator: o => o.RateLimitPerMinute = 3, sharedClock: true);
        var client = scope.ClientA();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAccountAsync(CancellationToken.None)).IsOk.Should().BeTrue();
        }

        // The 4th is answered 429 (retry-after 60 s); the client does not wait for a slot but says when to come back.
        var fourth = await client.GetAccountAsync(CancellationToken.None);
        fourth.Kind.Should().Be(DoResultKind.RateLimited);
        fourth.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        (await scope.ClientB().GetAccountAsync(CancellationToken.None)).IsOk.Should().BeTrue("another token is not slowed by a busy one");

        scope.Time.Advance(TimeSpan.FromSeconds(59));
        (await client.GetAccountAsync(CancellationToken.None)).Kind.Should().Be(DoResultKind.RateLimited, "retry-after is 60 s");
        scope.Time.Advance(TimeSpan.FromSeconds(1));
        (await client.GetAccountAsync(CancellationToken.None)).IsOk.Should().BeTrue();

        scope.State.Requests.Counts()["get_account"].ByStatus.Should().Equal(new Dictionary<int, int> { [200] = 5, [429] = 1 }, "a deferred call sends nothing");
        scope.Metrics.Deferrals.Should().HaveCount(2).And.OnlyContain(d => d.Priority == RequestPriority.Normal);
    }
}
