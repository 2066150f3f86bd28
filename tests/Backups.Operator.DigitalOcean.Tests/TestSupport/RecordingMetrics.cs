using System.Collections.Concurrent;
using Backups.Operator.DigitalOcean.Metrics;

namespace Backups.Operator.DigitalOcean.Tests.TestSupport;

/// <summary>Records every metrics hook call.</summary>
internal sealed class RecordingMetrics : IDigitalOceanClientMetrics
{
    public ConcurrentQueue<(string Operation, int? StatusCode, TimeSpan Duration)> Requests { get; } = new();

    public ConcurrentQueue<(string TokenLabel, int Remaining)> Remaining { get; } = new();

    public ConcurrentQueue<(string TokenLabel, RequestPriority Priority)> Deferrals { get; } = new();

    public void RequestCompleted(string operation, int? statusCode, TimeSpan duration) => Requests.Enqueue((operation, statusCode, duration));

    public void RateLimitRemaining(string tokenLabel, int remaining) => Remaining.Enqueue((tokenLabel, remaining));

    public void RateLimitDeferred(string tokenLabel, RequestPriority priority) => Deferrals.Enqueue((tokenLabel, priority));

    /// <summary>Every string the hooks received, for secrecy checks.</summary>
    public IEnumerable<string> AllText() =>
        Requests.Select(r => $"{r.Operation} {r.StatusCode}")
            .Concat(Remaining.Select(r => $"{r.TokenLabel} {r.Remaining}"))
            .Concat(Deferrals.Select(d => $"{d.TokenLabel} {d.Priority}"));
}
