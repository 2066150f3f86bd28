using Backups.Operator.Api;
using Backups.Operator.Configuration;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Metrics;
using Backups.Operator.Kubernetes.Resources;
using Backups.Operator.Metrics;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Backups.Operator.Tests.Metrics;

public sealed class BackupStateMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly StoreInformers _informers = new();
    private readonly OperatorMetrics _metrics = new();
    private readonly StaticOptionsMonitor _monitor = new(new BackupsOperatorOptions());
    private BackupStateMetrics? _collector;

    [Fact]
    public async Task Counts_backups_by_namespace_policy_phase_and_type()
    {
        _informers.Add(Policy("team-a", "shop"));
        _informers.Add(Backup("team-a", "m1", "shop", BackupType.Manual, BackupPhase.Available, size: 3));
        _informers.Add(Backup("team-a", "a1", "shop", BackupType.Automatic, BackupPhase.Available, size: 3));
        _informers.Add(Backup("team-a", "a2", "shop", BackupType.Automatic, BackupPhase.Available, size: 3));
        _informers.Add(Backup("team-a", "a3", "shop", BackupType.Automatic, phase: null));
        _informers.Add(Backup("team-b", "x", "crm", BackupType.Manual, BackupPhase.Error));

        var text = await ScrapeAsync();

        PrometheusText.Value(text, "backup_backups", ("namespace", "team-a"), ("policy", "shop"), ("phase", "Available"), ("type", "Automatic")).Should().Be(2);
        PrometheusText.Value(text, "backup_backups", ("namespace", "team-a"), ("policy", "shop"), ("phase", "Available"), ("type", "Manual")).Should().Be(1);
        PrometheusText.Value(text, "backup_backups", ("namespace", "team-a"), ("policy", "shop"), ("phase", "Creating"), ("type", "Automatic")).Should().Be(1);
        PrometheusText.Value(text, "backup_backups", ("namespace", "team-b"), ("policy", "crm"), ("phase", "Error"), ("type", "Manual")).Should().Be(1);
    }

    [Fact]
    public async Task Computes_the_policy_gauges_from_its_backups_and_schedule()
    {
        _informers.Add(Policy("team-a", "shop"));
        _informers.Add(Backup("team-a", "old", "shop", BackupType.Automatic, BackupPhase.Available, size: 2.5, completed: Now.AddDays(-2), started: Now.AddDays(-2).AddMinutes(-5)));
        _informers.Add(Backup("team-a", "new", "shop", BackupType.Manual, BackupPhase.Available, size: 1.5, completed: Now.AddHours(-3), started: Now.AddHours(-3).AddMinutes(-5)));
        _informers.Add(Backup("team-a", "running", "shop", BackupType.Manual, BackupPhase.Creating, started: Now.AddMinutes(-25)));

        var text = await ScrapeAsync();

        (string, string)[] shop = [("namespace", "team-a"), ("policy", "shop")];
        PrometheusText.Value(text, "backup_policy_size_gigabytes", shop).Should().Be(4);
        PrometheusText.Value(text, "backup_policy_estimated_monthly_cost_dollars", shop).Should().Be(0.24);
        PrometheusText.Value(text, "backup_policy_last_success_timestamp_seconds", shop).Should().Be(Now.AddHours(-3).ToUnixTimeSeconds());
        PrometheusText.Value(text, "backup_policy_expected_interval_seconds", shop).Should().Be(86400);
        PrometheusText.Value(text, "backup_policy_next_backup_timestamp_seconds", shop).Should().Be(new DateTimeOffset(2026, 1, 6, 3, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());
        PrometheusText.Value(text, "backup_creating_oldest_age_seconds", shop).Should().Be(25 * 60);
    }

    [Fact]
    public async Task The_price_comes_from_the_options_and_the_clock_moves_the_creating_age()
    {
        _informers.Add(Policy("team-a", "shop"));
        _informers.Add(Backup("team-a", "b", "shop", BackupType.Manual, BackupPhase.Available, size: 10));
        _informers.Add(Backup("team-a", "c", "shop", BackupType.Manual, BackupPhase.Creating, started: Now));

        var text = await ScrapeAsync(price: 0.05);
        _time.Advance(TimeSpan.FromMinutes(21));
        var later = await ScrapeAsync(price: 0.05);

        PrometheusText.Value(text, "backup_policy_estimated_monthly_cost_dollars", ("policy", "shop")).Should().Be(0.5);
        PrometheusText.Value(text, "backup_creating_oldest_age_seconds", ("policy", "shop")).Should().Be(0);
        PrometheusText.Value(later, "backup_creating_oldest_age_seconds", ("policy", "shop")).Should().Be(21 * 60);
    }

    [Fact]
    public async Task A_basic_or_suspended_policy_has_no_schedule_gauges_and_no_creating_backup_means_age_zero()
    {
        var basic = Policy("team-a", "wiki");
        basic.Spec.Plan = Plan.Basic;
        var suspended = Policy("team-a", "blog");
        suspended.Spec.Suspend = true;
        _informers.Add(basic);
        _informers.Add(suspended);

        var text = await ScrapeAsync();

        PrometheusText.Find(text, "backup_policy_expected_interval_seconds", ("policy", "wiki")).Should().BeEmpty();
        PrometheusText.Find(text, "backup_policy_next_backup_timestamp_seconds", ("policy", "wiki")).Should().BeEmpty();
        PrometheusText.Find(text, "backup_policy_next_backup_timestamp_seconds", ("policy", "blog")).Should().BeEmpty();
        PrometheusText.Value(text, "backup_creating_oldest_age_seconds", ("policy", "blog")).Should().Be(0);
        PrometheusText.Value(text, "backup_policy_size_gigabytes", ("policy", "wiki")).Should().Be(0);
    }

    [Fact]
    public async Task Series_of_deleted_objects_disappear()
    {
        var policy = Policy("team-a", "shop");
        _informers.Add(policy);
        var backup = Backup("team-a", "b", "shop", BackupType.Manual, BackupPhase.Available, size: 1);
        _informers.Add(backup);
        var before = await ScrapeAsync();

        _informers.Remove(backup);
        _informers.Remove(policy);
        var after = await ScrapeAsync();

        PrometheusText.Find(before, "backup_backups", ("policy", "shop")).Should().ContainSingle();
        PrometheusText.Find(before, "backup_policy_size_gigabytes", ("policy", "shop")).Should().ContainSingle();
        PrometheusText.Find(after, "backup_backups", ("policy", "shop")).Should().BeEmpty();
        PrometheusText.Find(after, "backup_policy_size_gigabytes", ("policy", "shop")).Should().BeEmpty();
        PrometheusText.Find(after, "backup_creating_oldest_age_seconds", ("policy", "shop")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_backup_being_deleted_counts_as_Deleting_and_not_toward_size()
    {
        _informers.Add(Policy("team-a", "shop"));
        var backup = Backup("team-a", "b", "shop", BackupType.Manual, BackupPhase.Available, size: 7);
        backup.Metadata.DeletionTimestamp = Now.UtcDateTime;
        _informers.Add(backup);

        var text = await ScrapeAsync();

        PrometheusText.Value(text, "backup_backups", ("policy", "shop"), ("phase", "Deleting")).Should().Be(1);
        PrometheusText.Value(text, "backup_policy_size_gigabytes", ("policy", "shop")).Should().Be(0);
    }

    [Fact]
    public async Task Each_backup_has_one_info_series_naming_it_with_its_phase_and_reason_until_it_is_gone()
    {
        _informers.Add(Policy("team-a", "shop"));
        var failed = Backup("team-a", "shop-manual-1", "shop", BackupType.Manual, BackupPhase.Error);
        failed.Status.Reason = "ActionErrored";
        _informers.Add(failed);
        _informers.Add(Backup("team-a", "shop-auto-1", "shop", BackupType.Automatic, BackupPhase.Available, size: 1));

        var before = await ScrapeAsync();
        failed.Status.Phase = BackupPhase.Available;
        failed.Status.Reason = "Completed";
        var recovered = await ScrapeAsync();
        _informers.Remove(failed);
        var after = await ScrapeAsync();

        PrometheusText.Value(before, "backup_info", ("namespace", "team-a"), ("policy", "shop"), ("backup", "shop-manual-1"), ("phase", "Error"),
            ("type", "Manual"), ("reason", "ActionErrored")).Should().Be(1);
        PrometheusText.Find(before, "backup_info").Should().HaveCount(2, "one series per Backup");
        PrometheusText.Find(recovered, "backup_info", ("backup", "shop-manual-1")).Should().ContainSingle()
            .Which.Labels["phase"].Should().Be("Available");
        PrometheusText.Find(after, "backup_info", ("backup", "shop-manual-1")).Should().BeEmpty();
        PrometheusText.Find(after, "backup_info", ("backup", "shop-auto-1")).Should().ContainSingle();
    }

    [Fact]
    public async Task A_backup_whose_snapshot_deletion_fails_has_a_since_series_and_a_failed_restore_an_info_series()
    {
        _informers.Add(Policy("team-a", "shop"));
        var deleting = Backup("team-a", "shop-auto-1", "shop", BackupType.Automatic, BackupPhase.Available, size: 1);
        deleting.Metadata.DeletionTimestamp = Now.UtcDateTime;
        deleting.Status.Conditions =
        [
            new Condition { Type = ConditionTypes.DeletionFailed, Status = ConditionStatus.True, Reason = "Unauthorized", LastTransitionTime = Now.AddMinutes(-40) },
        ];
        _informers.Add(deleting);
        _informers.Add(new BackupRestore
        {
            Metadata = new V1ObjectMeta { Name = "rollback", NamespaceProperty = "team-a" },
            Spec = new BackupRestoreSpec { BackupName = "shop-auto-1", ConfirmDropletId = 1 },
            Status = new BackupRestoreStatus { Phase = RestorePhase.Failed, Reason = "ActionErrored" },
        });

        var text = await ScrapeAsync();

        PrometheusText.Value(text, "backup_deletion_failing_since_timestamp_seconds", ("backup", "shop-auto-1"), ("reason", "Unauthorized"))
            .Should().Be(Now.AddMinutes(-40).ToUnixTimeSeconds());
        PrometheusText.Value(text, "backup_info", ("backup", "shop-auto-1"), ("phase", "Deleting")).Should().Be(1);
        PrometheusText.Value(text, "backup_restore_info", ("namespace", "team-a"), ("restore", "rollback"), ("phase", "Failed"), ("reason", "ActionErrored"))
            .Should().Be(1);
    }

    private async Task<string> ScrapeAsync(double price = 0.06)
    {
        _monitor.Value = new BackupsOperatorOptions { PricePerGigabyteMonth = price };
        _collector ??= new BackupStateMetrics(_metrics, _informers, _monitor, _time);
        await _collector.StartAsync(CancellationToken.None);
        using var stream = new MemoryStream();
        await _metrics.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }


    private static BackupPolicy Policy(string ns, string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, CreationTimestamp = Now.AddDays(-30).UtcDateTime },
        Spec = new BackupPolicySpec { DropletId = 1, Plan = Plan.Pro },
    };

    private static Backup Backup(
        string ns,
        string name,
        string policy,
        BackupType type,
        BackupPhase? phase,
        double? size = null,
        DateTimeOffset? completed = null,
        DateTimeOffset? started = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            CreationTimestamp = (started ?? Now.AddDays(-3)).UtcDateTime,
            Labels = new Dictionary<string, string> { [ApiConstants.PolicyLabel] = policy, [ApiConstants.TypeLabel] = type.ToString() },
        },
        Spec = new BackupSpec { PolicyName = policy, Type = type },
        Status = phase is null ? null! : new BackupStatus
        {
            Phase = phase,
            SizeGigabytes = size,
            StartedAt = started ?? Now.AddDays(-3),
            CompletedAt = phase == BackupPhase.Available ? completed ?? Now.AddDays(-3) : null,
        },
    };

    private sealed class StaticOptionsMonitor(BackupsOperatorOptions value) : IOptionsMonitor<BackupsOperatorOptions>
    {
        public BackupsOperatorOptions Value { get; set; } = value;

        public BackupsOperatorOptions CurrentValue => Value;

        public BackupsOperatorOptions Get(string? name) => Value;

        public IDisposable? OnChange(Action<BackupsOperatorOptions, string?> listener) => null;
    }

    /// <summary>Informers whose stores the test fills directly.</summary>
    private sealed class StoreInformers : IInformerFactory
    {
        private readonly Dictionary<Type, object> _informers = [];

        public IReadOnlyList<IInformerStatus> Informers => [];

        public IInformer<T> GetInformer<T>()
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            if (!_informers.TryGetValue(typeof(T), out var informer))
            {
                _informers[typeof(T)] = informer = new ListInformer<T>();
            }

            return (IInformer<T>)informer;
        }

        public void Add<T>(T obj)
            where T : class, IKubernetesObject<V1ObjectMeta> => ((ListInformer<T>)GetInformer<T>()).Items.Add(obj);

        public void Remove<T>(T obj)
            where T : class, IKubernetesObject<V1ObjectMeta> => ((ListInformer<T>)GetInformer<T>()).Items.Remove(obj);
    }

    private sealed class ListInformer<T> : IInformer<T>, IInformerStore<T>
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexes = [];

        public List<T> Items { get; } = [];

        public IInformerStore<T> Store => this;

        public bool HasSynced => true;

        public int Count => Items.Count;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IDisposable AddEventHandler(IResourceEventHandler<T> handler) => new Subscription();

        public T? Get(string? @namespace, string name) => Items.FirstOrDefault(i => i.Metadata.NamespaceProperty == @namespace && i.Metadata.Name == name);

        public T? Get(ObjectKey key) => Get(key.Namespace, key.Name);

        public IReadOnlyList<T> List(string? @namespace = null) => Items.Where(i => @namespace is null || i.Metadata.NamespaceProperty == @namespace).ToList();

        public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexer) => _indexes[indexName] = indexer;

        public bool TryAddIndex(string indexName, Func<T, IEnumerable<string>> indexer) => _indexes.TryAdd(indexName, indexer);

        public IReadOnlyList<T> ByIndex(string indexName, string value) => Items.Where(i => _indexes[indexName](i).Contains(value)).ToList();
    }

    private sealed class Subscription : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
