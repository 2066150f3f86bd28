using System.Collections.Concurrent;
using Backups.Operator.DigitalOcean.Metrics;

namespace Backups.Operator.DigitalOcean.Tests.TestSupport;

/// <summary>Records every metrics hook call.</summary>
internal sealed class RecordingMetrics : IDigitalOceanClientMetrics
{
    public ConcurrentQueue<(string Operation, int? StatusCode, TimeSpan Duration)> Requests { get; } = new();

    public ConcurrentQueue<(string TokenLabel, int Remaining)> Remaining { get; } = new();

    public ConcurrentQueue<(string TokenLabel, TimeSpan Waited)> Waits { get; } = new();

    public void RequestCompleted(string operation, int? statusCode, TimeSpan duration) => Requests.Enqueue((operation, statusCode, duration));

    public void RateLimitRemaining(string tokenLabel, int remaining) => Remaining.Enqueue((tokenLabel, remaining));

    public void RateLimitWaited(string tokenLabel, TimeSpan waited) => Waits.Enqueue((tokenLabel, waited));

    /// <summary>Every string the hooks received, for secrecy checks.</summary>
    public IEnumerable<string> AllText() =>
        Requests.Select(r => $"{r.Operation} {r.StatusCode}")
            .Concat(Remaining.Select(r => $"{r.TokenLabel} {r.Remaining}"))
            .Concat(Waits.Select(w => $"{w.TokenLabel} {w.Waited}"));
}
