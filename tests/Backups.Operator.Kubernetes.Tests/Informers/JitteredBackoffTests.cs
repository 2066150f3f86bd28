using Backups.Operator.Kubernetes.Informers;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Informers;

public sealed class JitteredBackoffTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Doubles_up_to_the_cap_without_jitter()
    {
        var backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), _time, () => 0);

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next()).ToList();

        delays.Should().Equal(
            TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600), TimeSpan.FromMilliseconds(3200), TimeSpan.FromMilliseconds(6400),
            TimeSpan.FromMilliseconds(12800), TimeSpan.FromMilliseconds(25600), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Jitter_adds_up_to_the_full_delay()
    {
        var backoff = new JitteredBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), _time, () => 0.5);

        backoff.Next().Should().Be(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void Resets_after_a_quiet_period()
    {
        var backoff = new JitteredBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), _time, () => 0);
        backoff.Next();
        backoff.Next();
        backoff.Next().Should().Be(TimeSpan.FromSeconds(4));

        _time.Advance(TimeSpan.FromMinutes(2));

        backoff.Next().Should().Be(TimeSpan.FromSeconds(1));
    }
}
