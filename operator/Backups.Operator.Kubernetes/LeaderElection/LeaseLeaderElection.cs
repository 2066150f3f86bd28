using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Metrics;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.LeaderElection;

/// <summary>
/// Campaigns for a Lease with KubernetesClient's <see cref="LeaderElector"/> for as long as the host runs. While leading,
/// <see cref="WaitForLeadershipAsync"/> hands out a token that is cancelled the moment leadership is lost. On a graceful
/// stop (after the controllers stopped: it is registered before them) the lease is released.
/// </summary>
internal sealed partial class LeaseLeaderElection : BackgroundService, ILeaderElection
{
    private readonly IKubernetes _kubernetes;
    private readonly IResourceClient<V1Lease> _leases;
    private readonly LeaderElectionOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Prometheus.Gauge.Child _leaderGauge;
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _leadership;
    private bool _everLed;

    public LeaseLeaderElection(
        IKubernetes kubernetes,
        IResourceClient<V1Lease> leases,
        IOptions<LeaderElectionOptions> options,
        IHostApplicationLifetime lifetime,
        OperatorMetrics metrics,
        TimeProvider timeProvider,
        ILogger<LeaseLeaderElection> logger)
    {
        _kubernetes = kubernetes;
        _leases = leases;
        _options = options.Value;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
        Identity = _options.Identity ?? $"{Environment.MachineName}_{Guid.NewGuid():N}";
        Namespace = _options.LeaseNamespace ?? "default";
        _leaderGauge = metrics.LeaderElectionStatus.WithLabels(_options.LeaseName);
        _leaderGauge.Set(0);
    }

    public string Identity { get; }

    public string Namespace { get; }

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _leadership is not null;
            }
        }
    }

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _leading.Task.WaitAsync(cancellationToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        bool wasLeader = IsLeader;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (wasLeader && _options.ReleaseOnCancel)
        {
            await ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leaseLock = new LeaseLock(_kubernetes, Namespace, _options.LeaseName, Identity);
        var config = new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += OnStartedLeading;
        elector.OnStoppedLeading += () => OnStoppedLeading(stoppingToken);
        elector.OnNewLeader += leader => Log.NewLeader(_logger, _options.LeaseName, leader);
        elector.OnError += e => Log.ElectionError(_logger, _options.LeaseName, e);
        Log.Campaigning(_logger, Identity, Namespace, _options.LeaseName);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // The elector only reports a loss from its renew loop; make sure a stop is seen as one too.
            OnStoppedLeading(stoppingToken);
        }
    }

    private void OnStartedLeading()
    {
        lock (_gate)
        {
            _leadership = new CancellationTokenSource();
            _leading.TrySetResult(_leadership.Token);
            _everLed = true;
        }

        _leaderGauge.Set(1);
        Log.StartedLeading(_logger, Identity, _options.LeaseName);
    }

    private void OnStoppedLeading(CancellationToken stoppingToken)
    {
        CancellationTokenSource? leadership;
        lock (_gate)
        {
            leadership = _leadership;
            if (leadership is null)
            {
                return;
            }

            _leadership = null;
            _leading = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _leaderGauge.Set(0);
        Log.StoppedLeading(_logger, Identity, _options.LeaseName);

        // Never block the elector's thread.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Cancel(), leadership, preferLocal: false);
        if (_options.ExitOnLoss && !stoppingToken.IsCancellationRequested && _everLed)
        {
            _lifetime.StopApplication();
        }
    }

    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await _leases.GetAsync(Namespace, _options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease?.Spec is null || lease.Spec.HolderIdentity != Identity)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow().UtcDateTime;

            // An empty (not null) holder: KubernetesClient's elector treats a null holder as "no lease" and would try to
            // create it, failing with 409 forever.
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = now;
            lease.Spec.AcquireTime = now;
            await _leases.UpdateAsync(lease, cancellationToken).ConfigureAwait(false);
            Log.Released(_logger, Identity, _options.LeaseName);
        }
        catch (Exception e)
        {
            Log.ReleaseFailed(_logger, _options.LeaseName, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Identity} campaigns for lease {Namespace}/{Lease}")]
        public static partial void Campaigning(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(2, LogLevel.Information, "{Identity} became the leader of lease {Lease}")]
        public static partial void StartedLeading(ILogger logger, string identity, string lease);

        [LoggerMessage(3, LogLevel.Warning, "{Identity} stopped leading lease {Lease}")]
        public static partial void StoppedLeading(ILogger logger, string identity, string lease);

        [LoggerMessage(4, LogLevel.Information, "The leader of lease {Lease} is {Leader}")]
        public static partial void NewLeader(ILogger logger, string lease, string leader);

        [LoggerMessage(5, LogLevel.Warning, "Leader election on lease {Lease} failed")]
        public static partial void ElectionError(ILogger logger, string lease, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "{Identity} released lease {Lease}")]
        public static partial void Released(ILogger logger, string identity, string lease);

        [LoggerMessage(7, LogLevel.Warning, "Releasing lease {Lease} failed; it expires on its own")]
        public static partial void ReleaseFailed(ILogger logger, string lease, Exception exception);
    }
}
