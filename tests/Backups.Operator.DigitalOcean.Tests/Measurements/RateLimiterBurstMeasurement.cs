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
    public void Burst_on_a_fake_clock(int tokens, int requestsPerToken)
    {
        var time = new FakeTimeProvider(Start);
        var registry = new TokenRateLimiterRegistry(Real, time);
        var grants = new List<(int Token, TimeSpan At)>();
        var attempts = 0;
        for (var token = 0; token < tokens; token++)
        {
            // Tokens are independent: each replays its callers (requeued at their booked times) on its own clock.
            var clock = new FakeTimeProvider(Start);
            var limiter = new TokenRateLimiterRegistry(Real, clock).Get($"token-{token}");
            var id = token;
            foreach (var grant in RateLimiting.RequeueLoop.Run(clock, limiter, requestsPerToken, RequestPriority.Normal, TimeSpan.FromHours(3)))
            {
                grants.Add((id, grant.At - Start));
                attempts += grant.Attempts;
            }
        }

        var quiet = registry.Get("quiet").TryAcquire(RequestPriority.Normal);
        var maxPerMinute = MaxInWindow(grants, TimeSpan.FromMinutes(1));
        var maxPerHour = MaxInWindow(grants, TimeSpan.FromHours(1));
        var atZero = grants.Count(g => g.At == TimeSpan.Zero);
        var last = grants.Max(g => g.At);
        output.WriteLine(
            $"[{tokens} token(s) x {requestsPerToken}] granted at t=0: {atZero}; last grant at {last.TotalSeconds:0} s; " +
            $"max per token in any 60 s: {maxPerMinute}; in any hour: {maxPerHour}; attempts per request {(double)attempts / grants.Count:0.00}; " +
            $"another token's first request granted at once: {quiet.Acquired}; " +
            $"grant times: {string.Join(" ", grants.GroupBy(g => g.At).OrderBy(g => g.Key).Take(8).Select(g => $"{g.Key.TotalSeconds:0}s:{g.Count()}"))}");

        maxPerMinute.Should().BeLessThanOrEqualTo(250);
        maxPerHour.Should().BeLessThanOrEqualTo(5000);
        quiet.Acquired.Should().BeTrue();
        grants.Should().HaveCount(tokens * requestsPerToken);
    }

    [Theory]
    [InlineData(1, 300)]
    [InlineData(10, 300)]
    public async Task Burst_through_http_against_the_simulator(int tokens, int requestsPerToken)
    {
        await using var scope = await SimulatorScope.StartAsync(sharedClock: true);
        var clients = Enumerable.Range(0, tokens).Select(i =>
        {
            var token = $"dop_v1_burst_{i:00}";
            scope.State.AddAccount(token);
            return scope.Factory.Create(token);
        }).ToList();
        var wall = Stopwatch.StartNew();

        // Every caller asks; the refused ones come back at the time they were told (as a requeued reconcile does).
        var pending = clients.SelectMany(c => Enumerable.Range(0, requestsPerToken).Select(_ => c)).ToList();
        var deferred = 0;
        while (pending.Count > 0)
        {
            var results = await Task.WhenAll(pending.Select(c => c.GetAccountAsync(CancellationToken.None)));
            var retry = new List<IDigitalOceanClient>();
            var earliest = TimeSpan.MaxValue;
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i].Kind == Results.DoResultKind.RateLimited)
                {
                    retry.Add(pending[i]);
                    earliest = results[i].RetryAfter is { } r && r < earliest ? r : earliest;
                }
                else
                {
                    results[i].IsOk.Should().BeTrue();
                }
            }

            deferred += retry.Count;
            pending = retry;
            if (pending.Count > 0)
            {
                scope.Time.Advance(earliest);
            }
        }

        wall.Stop();
        var counts = scope.State.Requests.Counts()["get_account"].ByStatus;
        output.WriteLine(
            $"[HTTP, {tokens} token(s) x {requestsPerToken}] {deferred} deferrals (requeues), none waited; statuses at the simulator: " +
            $"{string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"))}; total wall {wall.Elapsed.TotalMilliseconds:0} ms");
        counts.Should().NotContainKey(429, "the client keeps every token under the limits");
        counts[200].Should().Be(tokens * requestsPerToken);
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
