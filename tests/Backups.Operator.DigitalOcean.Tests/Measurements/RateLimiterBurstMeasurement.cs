using System.Diagnostics;
using Backups.Operator.DigitalOcean.Internal.RateLimiting;
using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.DigitalOcean.Tests.Measurements;

/// <summary>
/// Measures (and prints) how the per-token limiter behaves under a burst from one token and from ten tokens, at
/// DigitalOcean's real limits (250/min, 5,000/h, 1 s margin), on a fake clock; and end to end against the simulator
/// (which enforces the same limits) to count 429s.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class RateLimiterBurstMeasurement(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    private static readonly RateLimitSettings Real = new(250, 5000, TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(10, 300)]
    [InlineData(1, 6000)]
    public async Task Burst_on_a_fake_clock(int tokens, int requestsPerToken)
    {
        var time = new FakeTimeProvider(Start);
        using var registry = new TokenRateLimiterRegistry(Real, time);
        var grants = new List<(int Token, TimeSpan At)>();
        var calls = new List<Task>();
        for (var token = 0; token < tokens; token++)
        {
            var limiter = registry.Get($"token-{token}");
            var id = token;
            for (var i = 0; i < requestsPerToken; i++)
            {
                calls.Add(Grant(limiter, id));
            }
        }

        var quiet = await registry.Get("quiet").AcquireAsync(TimeSpan.FromHours(2), CancellationToken.None);
        var limiters = Enumerable.Range(0, tokens).Select(t => registry.Get($"token-{t}")).ToList();
        while (limiters.Any(l => l.QueueLength > 0) && time.GetUtcNow() - Start < TimeSpan.FromHours(3))
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.WhenAll(calls);
        var maxPerMinute = MaxInWindow(grants, TimeSpan.FromMinutes(1));
        var maxPerHour = MaxInWindow(grants, TimeSpan.FromHours(1));
        var atZero = grants.Count(g => g.At == TimeSpan.Zero);
        var last = grants.Max(g => g.At);
        var perTokenLast = grants.GroupBy(g => g.Token).Select(g => g.Max(x => x.At)).ToList();
        output.WriteLine(
            $"[{tokens} token(s) x {requestsPerToken}] granted at t=0: {atZero}; last grant at {last.TotalSeconds:0} s; " +
            $"max per token in any 60 s: {maxPerMinute}; in any hour: {maxPerHour}; " +
            $"per-token finish spread: {(perTokenLast.Max() - perTokenLast.Min()).TotalSeconds:0} s; a quiet 11th token waited {quiet.Waited.TotalSeconds:0} s; " +
            $"grant times: {string.Join(" ", grants.GroupBy(g => g.At).OrderBy(g => g.Key).Take(8).Select(g => $"{g.Key.TotalSeconds:0}s:{g.Count()}"))}");

        maxPerMinute.Should().BeLessThanOrEqualTo(250);
        maxPerHour.Should().BeLessThanOrEqualTo(5000);
        quiet.Waited.Should().Be(TimeSpan.Zero);
        grants.Should().HaveCount(tokens * requestsPerToken);

        async Task Grant(TokenRateLimiter limiter, int token)
        {
            var lease = await limiter.AcquireAsync(TimeSpan.FromHours(2), CancellationToken.None);
            if (!lease.Acquired)
            {
                throw new InvalidOperationException("A caller was refused although it may wait two hours.");
            }

            lock (grants)
            {
                grants.Add((token, lease.Waited));
            }
        }
    }

    [Theory]
    [InlineData(1, 300)]
    [InlineData(10, 300)]
    public async Task Burst_through_http_against_the_simulator(int tokens, int requestsPerToken)
    {
        await using var scope = await SimulatorScope.StartAsync(sharedClock: true, client: o => o.MaxRateLimitWait = TimeSpan.FromMinutes(5));
        var clients = Enumerable.Range(0, tokens).Select(i =>
        {
            var token = $"dop_v1_burst_{i:00}";
            scope.State.AddAccount(token);
            return scope.Factory.Create(token);
        }).ToList();
        var wall = Stopwatch.StartNew();

        var calls = clients.SelectMany(c => Enumerable.Range(0, requestsPerToken).Select(_ => c.GetAccountAsync(CancellationToken.None))).ToList();
        var firstMinute = tokens * Math.Min(250, requestsPerToken);
        await Eventually.TrueAsync(() => calls.Count(c => c.IsCompleted) == firstMinute, "the first minute's budget is spent", 120);
        var firstMinuteWall = wall.Elapsed;
        await Eventually.TrueAsync(() => clients.Sum(c => scope.InternalFactory.LimiterFor(TokenOf(c, clients)).QueueLength) == calls.Count - firstMinute, "the rest wait in their queues");
        scope.Time.Advance(TimeSpan.FromSeconds(61));
        var results = await Task.WhenAll(calls);
        wall.Stop();

        var counts = scope.State.Requests.Counts()["get_account"].ByStatus;
        output.WriteLine(
            $"[HTTP, {tokens} token(s) x {requestsPerToken}] first {firstMinute} answered in {firstMinuteWall.TotalMilliseconds:0} ms wall; " +
            $"the other {calls.Count - firstMinute} waited 61 s (fake) in FIFO queues; statuses at the simulator: {string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"))}; total wall {wall.Elapsed.TotalMilliseconds:0} ms");
        results.Should().OnlyContain(r => r.IsOk);
        counts.Should().NotContainKey(429, "the client keeps every token under the limits");

        static string TokenOf(IDigitalOceanClient client, List<IDigitalOceanClient> all) => $"dop_v1_burst_{all.IndexOf(client):00}";
    }

    private static int MaxInWindow(List<(int Token, TimeSpan At)> grants, TimeSpan window) =>
        grants.GroupBy(g => g.Token)
            .Select(g =>
            {
                var times = g.Select(x => x.At).Order().ToArray();
                var best = 0;
                for (int i = 0, j = 0; i < times.Length; i++)
                {
                    while (times[i] - times[j] >= window)
                    {
                        j++;
                    }

                    best = Math.Max(best, i - j + 1);
                }

                return best;
            })
            .Max();
}
