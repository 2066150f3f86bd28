using System.Globalization;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.Hosting;
using Backups.Operator.Simulator.Ledger;
using Backups.Operator.Simulator.RateLimiting;
using Backups.Operator.Simulator.Requests;

namespace Backups.Operator.Simulator.State;

/// <summary>
/// Everything the simulated DigitalOcean knows: accounts (by token), droplets, actions and snapshots, plus the fault
/// rules and the request log. Thread-safe (one lock). Actions progress with the <see cref="TimeProvider"/>: state is brought
/// up to "now" on every read, so advancing a fake clock completes actions without any timer.
/// </summary>
public sealed partial class SimulatorState
{
    private const long FirstDropletId = 3164444;
    private const long FirstActionId = 36804745;
    private const long FirstImageId = 6372321;

    private readonly Lock _lock = new();
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, SimAccount> _accountsByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SimDroplet> _droplets = [];
    private readonly Dictionary<long, SimAction> _actions = [];
    private readonly List<SimAction> _inProgress = [];
    private readonly Dictionary<long, SimSnapshot> _snapshots = [];
    private long _nextDropletId = FirstDropletId;
    private long _nextActionId = FirstActionId;
    private long _nextImageId = FirstImageId;
    private ActionListOrder _actionListOrder = ActionListOrder.NewestFirst;
    private TimeSpan _actionListingDelay = TimeSpan.Zero;

    public SimulatorState(SimulatorOptions options, TimeProvider timeProvider)
    {
        _options = options.Clone();
        _timeProvider = timeProvider;
        Faults = new FaultInjector(options.RandomSeed);
        Requests = new RequestLog(options.RequestLogCapacity);
        RateLimits = new SimulatedRateLimiter(options.RateLimitPerMinute, options.RateLimitPerHour);
    }

    /// <summary>The clock actions run on.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Fault rules applied to API requests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every API request with its operation and status (benchmarks count requests here).</summary>
    public RequestLog Requests { get; }

    /// <summary>Every snapshot POST, rebuild POST and snapshot DELETE with names and ids (chaos tests' ground truth).</summary>
    public MutationLedger Ledger { get; } = new();

    internal SimulatorOptions Options => _options;

    internal SimulatedRateLimiter RateLimits { get; }

    // ---------------------------------------------------------------- admin

    /// <summary>Adds an account reachable with <paramref name="token"/>.</summary>
    public SimulatedAccount AddAccount(string token, string? email = null, int dropletLimit = 25)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("An account needs a non-empty token.", nameof(token));
        }

        lock (_lock)
        {
            if (_accountsByToken.ContainsKey(token))
            {
                throw new InvalidOperationException("An account with this token already exists.");
            }

            var uuid = Guid.NewGuid().ToString("D");
            var account = new SimAccount(token, uuid, email ?? $"{uuid[..8]}@example.com", dropletLimit);
            _accountsByToken.Add(token, account);
            return View(account);
        }
    }

    /// <summary>Adds a droplet to the account of <paramref name="token"/>.</summary>
    public SimulatedDroplet AddDroplet(string token, DropletSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.DiskGigabytes < 1 || spec.UsedGigabytes < 0 || spec.UsedGigabytes > spec.DiskGigabytes)
        {
            throw new ArgumentException("A droplet needs DiskGigabytes >= 1 and 0 <= UsedGigabytes <= DiskGigabytes.", nameof(spec));
        }

        lock (_lock)
        {
            if (!_accountsByToken.TryGetValue(token, out var account))
            {
                throw new InvalidOperationException("No account has this token.");
            }

            var id = spec.Id ?? NextFreeDropletId();
            if (id < 1 || _droplets.ContainsKey(id))
            {
                throw new InvalidOperationException($"Droplet id {id} is invalid or already used.");
            }

            var droplet = new SimDroplet
            {
                Id = id,
                Account = account,
                Name = spec.Name,
                RegionSlug = spec.Region,
                SizeSlug = spec.SizeSlug,
                DiskGigabytes = spec.DiskGigabytes,
                MemoryMegabytes = spec.MemoryMegabytes,
                Vcpus = spec.Vcpus,
                CreatedAt = Truncate(_timeProvider.GetUtcNow()),
                Status = spec.Status,
                UsedGigabytes = spec.UsedGigabytes,
                DataVersion = spec.DataVersion ?? NewDataVersion(),
            };
            _droplets.Add(id, droplet);
            foreach (var name in spec.Snapshots ?? [])
            {
                var action = StartActionLocked(droplet, "snapshot", _timeProvider.GetUtcNow(), droplet.UsedGigabytes, droplet.DataVersion, willError: false, name, imageId: null);
                _inProgress.Remove(action);
                Complete(action);
            }

            return View(droplet);
        }
    }

    /// <summary>
    /// Locks or unlocks a droplet as DigitalOcean does during operations of its own: while locked it reports
    /// <c>locked: true</c> and refuses new actions with 422, whatever the operator asks.
    /// </summary>
    public SimulatedDroplet SetLocked(long dropletId, bool locked)
    {
        lock (_lock)
        {
            AdvanceLocked();
            var droplet = _droplets.GetValueOrDefault(dropletId) ?? throw new KeyNotFoundException($"No droplet {dropletId}.");
            droplet.AdminLocked = locked;
            return View(droplet);
        }
    }

    /// <summary>
    /// How <c>GET /v2/droplets/{id}/actions</c> lists: in which order (DigitalOcean documents none), and how long after it
    /// started an action first appears in the list (an eventually consistent listing). <c>GET /v2/actions/{id}</c> is not delayed.
    /// </summary>
    public void SetActionListing(ActionListOrder order, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_lock)
        {
            _actionListOrder = order;
            _actionListingDelay = delay;
        }
    }

    /// <summary>Says the app on the droplet wrote data: sets a new data version (or the given one) and returns it.</summary>
    public string SetDataVersion(long dropletId, string? dataVersion = null, double? usedGigabytes = null)
    {
        lock (_lock)
        {
            AdvanceLocked();
            var droplet = _droplets.GetValueOrDefault(dropletId) ?? throw new KeyNotFoundException($"No droplet {dropletId}.");
            if (usedGigabytes is { } used && (used < 0 || used > droplet.DiskGigabytes))
            {
                throw new ArgumentOutOfRangeException(nameof(usedGigabytes), "Used size must be between 0 and the disk size.");
            }

            droplet.DataVersion = string.IsNullOrEmpty(dataVersion) ? NewDataVersion() : dataVersion;
            droplet.UsedGigabytes = usedGigabytes ?? droplet.UsedGigabytes;
            return droplet.DataVersion;
        }
    }

    /// <summary>The droplet (with its data version), or null.</summary>
    public SimulatedDroplet? FindDroplet(long dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _droplets.TryGetValue(dropletId, out var droplet) ? View(droplet) : null;
        }
    }

    /// <summary>Every account (never with its token).</summary>
    public IReadOnlyList<SimulatedAccount> ListAccounts()
    {
        lock (_lock)
        {
            return _accountsByToken.Values.Select(View).OrderBy(a => a.Email, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The snapshots of the account that <paramref name="token"/> opens, oldest first.</summary>
    public IReadOnlyList<SimulatedSnapshot> ListSnapshotsOfToken(string token)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _accountsByToken.TryGetValue(token, out var account) ? SnapshotsOf(account) : [];
        }
    }

    /// <summary>The snapshots of an account, by its uuid, oldest first.</summary>
    public IReadOnlyList<SimulatedSnapshot> ListSnapshotsOfAccount(string accountUuid)
    {
        lock (_lock)
        {
            AdvanceLocked();
            var account = _accountsByToken.Values.FirstOrDefault(a => a.Uuid == accountUuid);
            return account is null ? [] : SnapshotsOf(account);
        }
    }

    /// <summary>Every action taken on a droplet, newest first.</summary>
    public IReadOnlyList<SimulatedAction> ListActionsOfDroplet(long dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _actions.Values.Where(a => a.Droplet.Id == dropletId).OrderByDescending(a => a.Id).Select(View).ToList();
        }
    }

    /// <summary>An action, or null.</summary>
    public SimulatedAction? FindAction(long actionId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _actions.TryGetValue(actionId, out var action) ? View(action) : null;
        }
    }

    /// <summary>When the next in-progress action completes (tests advance a fake clock to it), or null.</summary>
    public DateTimeOffset? NextActionDueAt()
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _inProgress.Count == 0 ? null : _inProgress.Min(a => a.DueAt);
        }
    }

    // ---------------------------------------------------------------- API (by authenticated account)

    internal SimAccount? Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        lock (_lock)
        {
            return _accountsByToken.GetValueOrDefault(token) is { Revoked: false } account ? account : null;
        }
    }

    /// <summary>Revokes (or reinstates) the token of the account <paramref name="accountUuid"/>: while revoked every API
    /// request with it gets 401, as DigitalOcean answers a deleted token. False when no account has that uuid.</summary>
    public bool SetTokenRevoked(string accountUuid, bool revoked)
    {
        lock (_lock)
        {
            var account = _accountsByToken.Values.FirstOrDefault(a => a.Uuid == accountUuid);
            if (account is null)
            {
                return false;
            }

            account.Revoked = revoked;
            return true;
        }
    }

    internal SimulatedAccount GetAccount(SimAccount account)
    {
        lock (_lock)
        {
            return View(account);
        }
    }

    internal SimResult<SimulatedDroplet> GetDroplet(SimAccount account, long dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return OwnedDroplet(account, dropletId) is { } droplet ? View(droplet) : ApiError.NotFound;
        }
    }

    internal IReadOnlyList<SimulatedDroplet> ListDroplets(SimAccount account)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _droplets.Values.Where(d => d.Account == account).OrderBy(d => d.Id).Select(View).ToList();
        }
    }

    internal SimResult<SimulatedAction> StartSnapshot(SimAccount account, long dropletId, string? name, bool willError)
    {
        lock (_lock)
        {
            AdvanceLocked();
            var now = _timeProvider.GetUtcNow();
            if (OwnedDroplet(account, dropletId) is not { } droplet)
            {
                Ledger.Record(now, LedgerEntryKind.SnapshotPost, account.Uuid, dropletId, name, null, null, ApiError.NotFound.StatusCode);
                return ApiError.NotFound;
            }

            if (droplet.PendingAction is not null || droplet.AdminLocked)
            {
                Ledger.Record(now, LedgerEntryKind.SnapshotPost, account.Uuid, dropletId, name, null, null, ApiError.PendingEvent.StatusCode);
                return ApiError.PendingEvent;
            }

            var snapshotName = string.IsNullOrEmpty(name)
                ? $"{droplet.Name}-{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"
                : name;
            var action = StartActionLocked(droplet, "snapshot", now, droplet.UsedGigabytes, droplet.DataVersion, willError, snapshotName, imageId: null);
            Ledger.Record(now, LedgerEntryKind.SnapshotPost, account.Uuid, dropletId, snapshotName, null, action.Id, 201);
            return View(action);
        }
    }

    internal SimResult<SimulatedAction> StartRebuild(SimAccount account, long dropletId, long imageId, bool willError)
    {
        lock (_lock)
        {
            AdvanceLocked();
            if (OwnedDroplet(account, dropletId) is not { } droplet)
            {
                return ApiError.NotFound;
            }

            if (droplet.PendingAction is not null || droplet.AdminLocked)
            {
                return ApiError.PendingEvent;
            }

            if (!_snapshots.TryGetValue(imageId, out var image) || image.Account != account)
            {
                return ApiError.Unprocessable("You specified an invalid image for Droplet rebuild.");
            }

            if (image.DropletId != droplet.Id)
            {
                return ApiError.Unprocessable("The image is a snapshot of another Droplet: only this Droplet's snapshots can be restored onto it.");
            }

            if (image.MinDiskSize > droplet.DiskGigabytes)
            {
                return ApiError.Unprocessable("The image's minimum disk size is larger than this Droplet's disk.");
            }

            var now = _timeProvider.GetUtcNow();
            var action = StartActionLocked(droplet, "rebuild", now, image.UsedGigabytes, image.DataVersion, willError, snapshotName: null, imageId);
            Ledger.Record(now, LedgerEntryKind.RebuildPost, account.Uuid, dropletId, image.Name, imageId, action.Id, 201);
            return View(action);
        }
    }

    internal SimResult<SimulatedAction> GetAction(SimAccount account, long actionId, long? dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _actions.TryGetValue(actionId, out var action)
                   && action.Droplet.Account == account
                   && (dropletId is null || action.Droplet.Id == dropletId)
                ? View(action)
                : ApiError.NotFound;
        }
    }

    internal SimResult<IReadOnlyList<SimulatedAction>> ListDropletActions(SimAccount account, long dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            if (OwnedDroplet(account, dropletId) is null)
            {
                return ApiError.NotFound;
            }

            var listedBefore = _timeProvider.GetUtcNow() - _actionListingDelay;
            var listed = _actions.Values.Where(a => a.Droplet.Id == dropletId && a.StartedAt <= listedBefore);
            listed = _actionListOrder == ActionListOrder.OldestFirst ? listed.OrderBy(a => a.Id) : listed.OrderByDescending(a => a.Id);
            return listed.Select(View).ToList();
        }
    }

    internal IReadOnlyList<SimulatedAction> ListActions(SimAccount account)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return _actions.Values.Where(a => a.Droplet.Account == account).OrderByDescending(a => a.Id).Select(View).ToList();
        }
    }

    internal SimResult<IReadOnlyList<SimulatedSnapshot>> ListDropletSnapshots(SimAccount account, long dropletId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            if (OwnedDroplet(account, dropletId) is null)
            {
                return ApiError.NotFound;
            }

            return _snapshots.Values.Where(s => s.DropletId == dropletId && s.Account == account).OrderBy(s => s.Id).Select(View).ToList();
        }
    }

    internal IReadOnlyList<SimulatedSnapshot> ListSnapshots(SimAccount account)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return SnapshotsOf(account);
        }
    }

    internal SimResult<SimulatedSnapshot> GetSnapshot(SimAccount account, string snapshotId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            return OwnedSnapshot(account, snapshotId) is { } snapshot ? View(snapshot) : ApiError.NotFound;
        }
    }

    internal ApiError? DeleteSnapshot(SimAccount account, string snapshotId)
    {
        lock (_lock)
        {
            AdvanceLocked();
            if (OwnedSnapshot(account, snapshotId) is not { } snapshot)
            {
                return ApiError.NotFound;
            }

            _snapshots.Remove(snapshot.Id);
            Ledger.Record(_timeProvider.GetUtcNow(), LedgerEntryKind.SnapshotDelete, account.Uuid, snapshot.DropletId, snapshot.Name, snapshot.Id, null, 204);
            if (_droplets.TryGetValue(snapshot.DropletId, out var droplet))
            {
                droplet.SnapshotIds.Remove(snapshot.Id);
            }

            return null;
        }
    }

    // ---------------------------------------------------------------- internals

    private static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string NewDataVersion() => "dv-" + Guid.NewGuid().ToString("N")[..12];

    private SimAction StartActionLocked(
        SimDroplet droplet,
        string type,
        DateTimeOffset now,
        double usedGigabytes,
        string dataVersion,
        bool willError,
        string? snapshotName,
        long? imageId)
    {
        var seconds = Math.Max(_options.MinActionSeconds, usedGigabytes * _options.SecondsPerGigabyte);
        var action = new SimAction
        {
            Id = _nextActionId++,
            Droplet = droplet,
            Type = type,
            StartedAt = Truncate(now),
            DueAt = now + TimeSpan.FromSeconds(seconds),
            WillError = willError,
            SnapshotName = snapshotName,
            DataVersion = dataVersion,
            UsedGigabytes = usedGigabytes,
            ImageId = imageId,
        };
        _actions.Add(action.Id, action);
        _inProgress.Add(action);
        droplet.PendingAction = action;
        return action;
    }

    private void AdvanceLocked()
    {
        if (_inProgress.Count == 0)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var action in _inProgress.Where(a => a.DueAt <= now).OrderBy(a => a.DueAt).ToList())
        {
            _inProgress.Remove(action);
            Complete(action);
        }
    }

    private void Complete(SimAction action)
    {
        var droplet = action.Droplet;
        droplet.PendingAction = null;
        action.CompletedAt = Truncate(action.DueAt);
        if (action.WillError)
        {
            action.Status = "errored";
            return;
        }

        action.Status = "completed";
        if (action.Type == "snapshot")
        {
            var snapshot = new SimSnapshot
            {
                Id = _nextImageId++,
                Account = droplet.Account,
                DropletId = droplet.Id,
                Name = action.SnapshotName ?? droplet.Name,
                CreatedAt = action.StartedAt,
                RegionSlug = droplet.RegionSlug,
                MinDiskSize = droplet.DiskGigabytes,
                SizeGigabytes = Math.Max(0.01, Math.Round(action.UsedGigabytes * _options.SnapshotSizeRatio, 2)),
                UsedGigabytes = action.UsedGigabytes,
                DataVersion = action.DataVersion,
                ActionId = action.Id,
            };
            _snapshots.Add(snapshot.Id, snapshot);
            droplet.SnapshotIds.Add(snapshot.Id);
            action.CreatedSnapshotId = snapshot.Id;
        }
        else if (action.Type == "rebuild")
        {
            droplet.DataVersion = action.DataVersion;
            droplet.UsedGigabytes = action.UsedGigabytes;
        }
        else if (action.Type == "create")
        {
            CompleteCreate(droplet);
        }
    }

    private long NextFreeDropletId()
    {
        while (_droplets.ContainsKey(_nextDropletId))
        {
            _nextDropletId++;
        }

        return _nextDropletId++;
    }

    private SimDroplet? OwnedDroplet(SimAccount account, long dropletId) =>
        _droplets.TryGetValue(dropletId, out var droplet) && droplet.Account == account ? droplet : null;

    private SimSnapshot? OwnedSnapshot(SimAccount account, string snapshotId) =>
        long.TryParse(snapshotId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && _snapshots.TryGetValue(id, out var snapshot)
        && snapshot.Account == account
            ? snapshot
            : null;

    private List<SimulatedSnapshot> SnapshotsOf(SimAccount account) =>
        _snapshots.Values.Where(s => s.Account == account).OrderBy(s => s.Id).Select(View).ToList();

    private SimulatedAccount View(SimAccount account) =>
        new(account.Uuid, account.Email, account.DropletLimit, _droplets.Values.Where(d => d.Account == account).Select(d => d.Id).Order().ToList());

    private static SimulatedDroplet View(SimDroplet d) =>
        new(
            d.Id,
            d.Account.Uuid,
            d.Name,
            d.Status,
            d.PendingAction is not null || d.AdminLocked,
            d.RegionSlug,
            d.SizeSlug,
            d.DiskGigabytes,
            d.UsedGigabytes,
            d.MemoryMegabytes,
            d.Vcpus,
            d.CreatedAt,
            d.DataVersion,
            d.PendingAction?.Id,
            d.SnapshotIds.ToList())
        {
            Tags = d.Tags.ToList(),
            PublicIPv4 = d.Status == "active" ? d.Application?.Address.ToString() : null,
        };

    private static SimulatedAction View(SimAction a) =>
        new(a.Id, a.Droplet.Id, a.Droplet.RegionSlug, a.Type, a.Status, a.StartedAt, a.DueAt, a.CompletedAt, a.ImageId, a.CreatedSnapshotId);

    private static SimulatedSnapshot View(SimSnapshot s) =>
        new(s.Id, s.DropletId, s.Account.Uuid, s.Name, s.CreatedAt, s.SizeGigabytes, s.MinDiskSize, s.RegionSlug, s.DataVersion, s.ActionId);
}
