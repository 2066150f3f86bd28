namespace Backups.Operator.Kubernetes.Informers;

/// <summary>The state of one informer as health checks and measurements see it (kind-independent).</summary>
public interface IInformerStatus
{
    /// <summary>The resource, e.g. <c>backups.backup.platform.dev</c>.</summary>
    string Resource { get; }

    bool HasSynced { get; }

    /// <summary>Completes when the first list has filled the cache.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>True while the list-watch loop runs.</summary>
    bool IsRunning { get; }

    /// <summary>When the loop last made progress (a list, a watch start, an event or a bookmark).</summary>
    DateTimeOffset LastActivity { get; }

    InformerStatistics Statistics { get; }

    /// <summary>
    /// Since when every LIST/WATCH attempt has failed (null while the loop makes progress: a list completes, a watch
    /// line arrives or a watch ends normally). Readiness fails when this lasts longer than <see cref="InformerOptions.StuckAfter"/>.
    /// </summary>
    DateTimeOffset? FailingSince { get; }
}
