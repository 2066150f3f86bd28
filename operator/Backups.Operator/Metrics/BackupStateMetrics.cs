using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Scheduling;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Backups.Operator.Metrics;

/// <summary>
/// The backup gauges of docs/design.md (Observability), computed at scrape time from the informers' stores (never from a reconcile, so a
/// restart or a reconcile cannot reset them): <c>backup_backups{namespace,policy,phase,type}</c> and per policy
/// <c>backup_policy_last_success_timestamp_seconds</c>, <c>backup_policy_next_backup_timestamp_seconds</c>,
/// <c>backup_policy_expected_interval_seconds</c>, <c>backup_policy_size_gigabytes</c>,
/// <c>backup_policy_estimated_monthly_cost_dollars</c> and <c>backup_creating_oldest_age_seconds</c>, plus the per-object
/// series of <see cref="BackupObjectSeries"/> (<c>backup_info</c> and friends). Series of objects
/// that no longer exist are removed on the next scrape.
/// </summary>
public sealed class BackupStateMetrics : IHostedService
{
    private static readonly string[] PolicyLabels = ["namespace", "policy"];

    private readonly IInformerFactory _informers;
    private readonly IOptionsMonitor<BackupsOperatorOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly CollectorRegistry _registry;
    private readonly Lock _gate = new();
    private readonly Gauge _backups;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _nextBackup;
    private readonly Gauge _expectedInterval;
    private readonly Gauge _size;
    private readonly Gauge _cost;
    private readonly Gauge _creatingOldestAge;
    private readonly BackupObjectSeries _objects;
    private int _registered;

    public BackupStateMetrics(OperatorMetrics metrics, IInformerFactory informers, IOptionsMonitor<BackupsOperatorOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _informers = informers;
        _options = options;
        _timeProvider = timeProvider;
        _registry = metrics.Registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _backups = factory.CreateGauge("backup_backups", "Backups by namespace, policy, phase and type.",
            new GaugeConfiguration { LabelNames = ["namespace", "policy", "phase", "type"] });
        _lastSuccess = factory.CreateGauge("backup_policy_last_success_timestamp_seconds", "When the newest backup of the policy became Available (Unix seconds).",
            new GaugeConfiguration { LabelNames = PolicyLabels });
        _nextBackup = factory.CreateGauge("backup_policy_next_backup_timestamp_seconds", "When the policy's next automatic backup is due (Unix seconds).",
            new GaugeConfiguration { LabelNames = PolicyLabels });
        _expectedInterval = factory.CreateGauge("backup_policy_expected_interval_seconds", "The time between two automatic backups of the policy.",
            new GaugeConfiguration { LabelNames = PolicyLabels });
        _size = factory.CreateGauge("backup_policy_size_gigabytes", "Total size of the policy's snapshots.",
            new GaugeConfiguration { LabelNames = PolicyLabels });
        _cost = factory.CreateGauge("backup_policy_estimated_monthly_cost_dollars", "Estimated monthly storage cost of the policy's snapshots (USD).",
            new GaugeConfiguration { LabelNames = PolicyLabels });
        _creatingOldestAge = factory.CreateGauge("backup_creating_oldest_age_seconds", "Age of the policy's oldest backup still Creating (0 when none).",
            new GaugeConfiguration { LabelNames = PolicyLabels });
        _objects = new BackupObjectSeries(factory);
    }

    /// <summary>Hooks the computation into every collection of the registry (once).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            _registry.AddBeforeCollectCallback(Update);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Recomputes every gauge from the stores (called before each collection).</summary>
    public void Update()
    {
        var now = _timeProvider.GetUtcNow();
        var price = new SnapshotPrice(_options.CurrentValue.PricePerGigabyteMonth);
        var backups = _informers.GetInformer<Backup>().Store.List();
        var policies = _informers.GetInformer<BackupPolicy>().Store.List();
        var restores = _informers.GetInformer<BackupRestore>().Store.List();
        var perBackup = new List<(Backup Backup, string Policy, string Phase, string Type)>();

        var counts = new Dictionary<(string Namespace, string Policy, string Phase, string Type), int>();
        var byPolicy = new Dictionary<(string Namespace, string Policy), List<(Backup Backup, BackupRecord Record)>>();
        foreach (var backup in backups)
        {
            var ns = backup.Metadata.NamespaceProperty ?? string.Empty;
            var policy = PolicyOf(backup);
            var record = BackupRecord.From(
                backup.Metadata.Name,
                backup.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : now,
                backup.Metadata.DeletionTimestamp is not null,
                backup.Spec ?? new BackupSpec(),
                backup.Status);
            var key = (ns, policy, PhaseOf(backup), record.Type.ToString());
            perBackup.Add((backup, policy, key.Item3, key.Item4));
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (!byPolicy.TryGetValue((ns, policy), out var list))
            {
                byPolicy[(ns, policy)] = list = [];
            }

            list.Add((backup, record));
        }

        lock (_gate)
        {
            var backupSeries = counts.Keys.Select(k => new[] { k.Namespace, k.Policy, k.Phase, k.Type }).ToList();
            SeriesPruning.RemoveStale(_backups, backupSeries);
            foreach (var (key, count) in counts)
            {
                _backups.WithLabels(key.Namespace, key.Policy, key.Phase, key.Type).Set(count);
            }

            var series = new Dictionary<Gauge, List<string[]>>
            {
                [_lastSuccess] = [],
                [_nextBackup] = [],
                [_expectedInterval] = [],
                [_size] = [],
                [_cost] = [],
                [_creatingOldestAge] = [],
            };
            var values = new List<(Gauge Gauge, string[] Labels, double Value)>();
            foreach (var policy in policies)
            {
                string[] labels = [policy.Metadata.NamespaceProperty ?? string.Empty, policy.Metadata.Name];
                var members = byPolicy.GetValueOrDefault((labels[0], labels[1])) ?? [];
                var records = members.Select(m => m.Record).ToList();
                var inventory = BackupInventory.Of(records);
                var effective = policy.Spec is null ? null : PlanCatalog.Resolve(policy.Spec).Policy;

                void Add(Gauge gauge, double? value)
                {
                    if (value is { } v && double.IsFinite(v))
                    {
                        series[gauge].Add(labels);
                        values.Add((gauge, labels, v));
                    }
                }

                var lastSuccess = inventory.LastSuccessful?.Time ?? policy.Status?.LastSuccessfulBackup?.Time;
                Add(_lastSuccess, lastSuccess?.ToUnixTimeMilliseconds() / 1000.0);
                Add(_nextBackup, NextBackup(policy, effective, now)?.ToUnixTimeMilliseconds() / 1000.0);
                Add(_expectedInterval, effective is null ? null : ScheduleEvaluator.ExpectedInterval(effective, now)?.TotalSeconds);
                Add(_size, inventory.TotalSizeGigabytes);
                Add(_cost, CostEstimator.MonthlyCost(records, price));
                var oldestCreating = members
                    .Where(m => m.Record.IsCreating)
                    .Select(m => m.Backup.Status?.StartedAt ?? m.Record.CreatedAt)
                    .DefaultIfEmpty(now)
                    .Min();
                Add(_creatingOldestAge, Math.Max(0, (now - oldestCreating).TotalSeconds));
            }

            foreach (var (gauge, keep) in series)
            {
                SeriesPruning.RemoveStale(gauge, keep);
            }

            foreach (var (gauge, labels, value) in values)
            {
                gauge.WithLabels(labels).Set(value);
            }

            _objects.Update(perBackup, restores);
        }
    }

    private static DateTimeOffset? NextBackup(BackupPolicy policy, EffectivePolicy? effective, DateTimeOffset now)
    {
        if (effective is null || !effective.BackupsAllowed || policy.Spec?.Suspend == true)
        {
            return null;
        }

        return policy.Status?.NextBackupTime ?? ScheduleEvaluator.NextTickAfter(effective, now);
    }

    private static string PolicyOf(Backup backup) =>
        backup.Metadata.Labels?.TryGetValue(ApiConstants.PolicyLabel, out var label) == true && !string.IsNullOrEmpty(label)
            ? label
            : backup.Spec?.PolicyName ?? string.Empty;

    private static string PhaseOf(Backup backup) =>
        backup.Metadata.DeletionTimestamp is not null
            ? nameof(BackupPhase.Deleting)
            : (backup.Status?.Phase ?? BackupPhase.Creating).ToString();
}
