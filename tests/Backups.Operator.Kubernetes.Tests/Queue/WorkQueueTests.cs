using Backups.Operator.Kubernetes.Queue;
using Backups.Operator.Kubernetes.Queue.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Queue;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests()
    {
        _queue = new WorkQueue<string>(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), _time);
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Adds_of_a_queued_item_are_deduplicated()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        _queue.Count.Should().Be(2);
        (await _queue.GetAsync(CancellationToken.None)).Item.Should().Be("a");
        (await _queue.GetAsync(CancellationToken.None)).Item.Should().Be("b");
        _queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Adds_during_processing_coalesce_into_one_follow_up_after_Done()
    {
        _queue.Add("a");
        var (item, _) = await _queue.GetAsync(CancellationToken.None);

        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("a");

        _queue.Count.Should().Be(0, "an item being processed is not handed to a second worker");
        _queue.Done(item);
        _queue.Count.Should().Be(1);
        (await _queue.GetAsync(CancellationToken.None)).Item.Should().Be("a");
        _queue.Done("a");
        _queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task GetAsync_waits_for_an_add()
    {
        var get = _queue.GetAsync(CancellationToken.None).AsTask();
        get.IsCompleted.Should().BeFalse();

        _queue.Add("x");

        (await get.WaitAsync(TimeSpan.FromSeconds(10))).Item.Should().Be("x");
    }

    [Fact]
    public void AddAfter_fires_when_the_fake_clock_reaches_the_time()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.Count.Should().Be(0);
        _queue.DelayedCount.Should().Be(1);

        _time.Advance(TimeSpan.FromSeconds(9));
        _queue.Count.Should().Be(0);

        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Count.Should().Be(1);
        _queue.DelayedCount.Should().Be(0);
    }

    [Fact]
    public void Delayed_adds_keep_the_earliest_time()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(60));
        _queue.AddAfter("a", TimeSpan.FromSeconds(5));
        _queue.AddAfter("a", TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(5));
        _queue.Count.Should().Be(1);

        _time.Advance(TimeSpan.FromMinutes(5));
        _queue.Count.Should().Be(1, "the later schedules of the same item were absorbed");
    }

    [Fact]
    public void Delayed_items_become_ready_in_time_order()
    {
        _queue.AddAfter("late", TimeSpan.FromSeconds(20));
        _queue.AddAfter("early", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(10));
        _queue.Count.Should().Be(1);
        _time.Advance(TimeSpan.FromSeconds(10));
        _queue.Count.Should().Be(2);
    }

    [Fact]
    public void AddRateLimited_backs_off_exponentially_per_item_until_Forget()
    {
        _queue.AddRateLimited("a"); // 5 ms
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _queue.Count.Should().Be(1);
        _queue.NumRequeues("a").Should().Be(1);

        _queue.AddRateLimited("b"); // b has its own backoff: 5 ms
        _queue.AddRateLimited("a"); // already queued: the add dedups, but the failure is counted
        _queue.NumRequeues("a").Should().Be(2);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _queue.Count.Should().Be(2);

        _queue.Forget("a");
        _queue.NumRequeues("a").Should().Be(0);
    }

    [Fact]
    public async Task ShutDown_hands_out_what_is_queued_then_reports_shutdown_and_ignores_adds()
    {
        _queue.Add("a");
        _queue.ShutDown();
        _queue.Add("b");

        var first = await _queue.GetAsync(CancellationToken.None);
        first.Should().Be(("a", false));
        var second = await _queue.GetAsync(CancellationToken.None);
        second.ShuttingDown.Should().BeTrue();
    }

    [Fact]
    public async Task ShutDown_wakes_waiting_workers()
    {
        var waiting = _queue.GetAsync(CancellationToken.None).AsTask();

        _queue.ShutDown();

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShuttingDown.Should().BeTrue();
    }

    [Fact]
    public async Task ShutDownWithDrain_waits_for_in_flight_items()
    {
        _queue.Add("a");
        var (item, _) = await _queue.GetAsync(CancellationToken.None);

        var drain = _queue.ShutDownWithDrainAsync(CancellationToken.None);
        drain.IsCompleted.Should().BeFalse();

        _queue.Done(item);
        await drain.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Delayed_adds_are_dropped_on_shutdown()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _queue.ShutDown();

        _time.Advance(TimeSpan.FromSeconds(2));

        _queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Clear_drops_queued_delayed_and_pending_follow_ups()
    {
        _queue.Add("a");
        _queue.Add("b");
        _queue.AddAfter("c", TimeSpan.FromSeconds(1));
        var (inFlight, _) = await _queue.GetAsync(CancellationToken.None);
        _queue.Add(inFlight);

        _queue.Clear();
        _queue.Done(inFlight);
        _time.Advance(TimeSpan.FromSeconds(2));

        _queue.Count.Should().Be(0);
        _queue.Add("b");
        _queue.Count.Should().Be(1, "cleared items can be added again");
    }

    [Fact]
    public async Task Metrics_see_adds_starts_finishes_and_retries()
    {
        var metrics = new RecordingMetrics();
        using var queue = new WorkQueue<string>(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1)), _time, metrics);

        queue.Add("a");
        queue.Add("a");
        _time.Advance(TimeSpan.FromSeconds(3));
        var (item, _) = await queue.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
        queue.InFlightWork().Should().Be((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));
        queue.Done(item);
        queue.AddAfter("b", TimeSpan.FromSeconds(1));

        metrics.Adds.Should().Be(1);
        metrics.Depth.Should().Be(0);
        metrics.Queued.Should().Equal(TimeSpan.FromSeconds(3));
        metrics.Worked.Should().Equal(TimeSpan.FromSeconds(2));
        metrics.Retries.Should().Be(1);
    }

    private sealed class RecordingMetrics : IWorkQueueMetrics
    {
        public int Adds { get; private set; }

        public int Depth { get; private set; }

        public int Retries { get; private set; }

        public List<TimeSpan> Queued { get; } = [];

        public List<TimeSpan> Worked { get; } = [];

        public void Added()
        {
            Adds++;
            Depth++;
        }

        public void Started(TimeSpan queued)
        {
            Depth--;
            Queued.Add(queued);
        }

        public void Finished(TimeSpan worked) => Worked.Add(worked);

        public void Retried() => Retries++;

        public void Dropped(int count) => Depth -= count;
    }
}
