using Backups.Operator.Kubernetes.Controllers.Expectations;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Controllers.Expectations;

/// <summary>The bookkeeping of own writes against the informer's events (docs/kubernetes-runtime.md, "Own writes and the cache").</summary>
public sealed class WriteExpectationsTests : IDisposable
{
    private static readonly ObjectKey Key = new("default", "w");
    private readonly FakeTimeProvider _time = new();
    private readonly WriteExpectations<V1ConfigMap> _expectations;
    private readonly List<ObjectKey> _released = [];

    public WriteExpectationsTests()
    {
        _expectations = new WriteExpectations<V1ConfigMap>(
            Options.Create(new WriteExpectationOptions { Timeout = TimeSpan.FromSeconds(10) }), _time, NullLogger<WriteExpectations<V1ConfigMap>>.Instance);
        _expectations.Released += _released.Add;
    }

    public void Dispose() => _expectations.Dispose();

    [Fact]
    public void A_reconcile_of_a_copy_older_than_the_own_write_waits_until_the_informer_delivers_it()
    {
        Write("11");

        _expectations.ShouldWait(Key, () => "10").Should().BeTrue("the cache still holds the copy before the write");
        _released.Should().BeEmpty();

        _expectations.Observe(Map("11"));

        _released.Should().Equal(Key);
        _expectations.ShouldWait(Key, () => "11").Should().BeFalse();
        _expectations.Pending.Should().Be(0);
    }

    [Fact]
    public void An_event_of_another_version_does_not_end_the_wait()
    {
        Write("11");
        _expectations.ShouldWait(Key, () => "10").Should().BeTrue();

        _expectations.Observe(Map("10"));

        _released.Should().BeEmpty();
        _expectations.ShouldWait(Key, () => "10").Should().BeTrue();
    }

    [Fact]
    public void The_wait_expires_after_the_timeout_and_wakes_the_key()
    {
        Write("11");
        _expectations.ShouldWait(Key, () => "10").Should().BeTrue();

        _time.Advance(TimeSpan.FromSeconds(9));
        _released.Should().BeEmpty();
        _time.Advance(TimeSpan.FromSeconds(1));

        _released.Should().Equal(Key);
        _expectations.Expired.Should().Be(1);
        _expectations.ShouldWait(Key, () => "10").Should().BeFalse("after the timeout the reconcile runs regardless");
    }

    [Fact]
    public void A_delete_of_the_object_ends_the_wait()
    {
        Write("11");
        _expectations.ShouldWait(Key, () => "10").Should().BeTrue();

        _expectations.ObserveDeleted(Key);

        _released.Should().Equal(Key);
        _expectations.ShouldWait(Key, () => null).Should().BeFalse();
        _expectations.Expired.Should().Be(0);
    }

    [Fact]
    public void An_event_that_overtakes_the_write_response_counts_even_when_the_cache_has_moved_on()
    {
        _expectations.WriteStarted(Key);
        _expectations.Observe(Map("11"));
        _expectations.Observe(Map("12"));
        _expectations.WriteEnded(Key, "11", create: false);

        _expectations.ShouldWait(Key, () => "12").Should().BeFalse();
        _expectations.Pending.Should().Be(0);
    }

    [Fact]
    public void A_delete_seen_while_the_write_was_in_flight_satisfies_an_update_but_not_a_create()
    {
        _expectations.WriteStarted(Key);
        _expectations.ObserveDeleted(Key);
        _expectations.WriteEnded(Key, "11", create: false);
        _expectations.ShouldWait(Key, () => null).Should().BeFalse("removing the last finalizer deleted the object");

        _expectations.WriteStarted(Key);
        _expectations.ObserveDeleted(Key);
        _expectations.WriteEnded(Key, "12", create: true);
        _expectations.ShouldWait(Key, () => null).Should().BeTrue("the delete was of the object the create replaced");
    }

    [Fact]
    public void A_cache_that_already_shows_the_write_or_a_failed_write_holds_nothing_back()
    {
        Write("11");
        _expectations.ShouldWait(Key, () => "11").Should().BeFalse();

        _expectations.WriteStarted(Key);
        _expectations.WriteEnded(Key, null, create: false);
        _expectations.ShouldWait(Key, () => "10").Should().BeFalse();
        _released.Should().BeEmpty("no reconcile was held back, so none needs waking");
    }

    [Fact]
    public void A_later_write_replaces_the_expected_version()
    {
        Write("11");
        Write("12");
        _expectations.ShouldWait(Key, () => "11").Should().BeTrue("the cache must show the last write");

        _expectations.Observe(Map("11"));
        _released.Should().BeEmpty();
        _expectations.Observe(Map("12"));
        _released.Should().Equal(Key);
    }

    [Fact]
    public void Expectations_nobody_waited_for_are_dropped_after_the_timeout()
    {
        Write("11");
        _time.Advance(TimeSpan.FromSeconds(11));

        Write("1", new ObjectKey("default", "other"));

        _expectations.Pending.Should().Be(1, "only the new write is still expected");
        _released.Should().BeEmpty();
    }

    private void Write(string resourceVersion, ObjectKey? key = null)
    {
        _expectations.WriteStarted(key ?? Key);
        _expectations.WriteEnded(key ?? Key, resourceVersion, create: false);
    }

    private static V1ConfigMap Map(string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { NamespaceProperty = Key.Namespace, Name = Key.Name, ResourceVersion = resourceVersion } };
}
