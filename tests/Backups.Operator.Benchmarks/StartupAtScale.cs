using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.Api;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Testing;

namespace Backups.Operator.Benchmarks;

/// <summary>
/// (d) 5,000 policies and 50,000 Available Backups, the operator as its own process (LocalStack): the objects are written
/// into the API server's state file before it starts, the matching snapshots seeded into the simulator. The operator is
/// started twice on that state — a first start (policies without status) and a restart (everything as the first run left
/// it) — and measured from outside: time to caches synced (/readyz) and to idle (no reconcile for
/// <see cref="QuietPeriod"/>, from /metrics), RSS at idle (/proc/pid/status VmRSS), idle CPU (utime+stime over
/// <see cref="CpuWindow"/>) and the DigitalOcean requests from start to idle (the simulator's request log).
/// </summary>
internal static class StartupAtScale
{
    private const int BackupsPerPolicy = 10;
    private const int PoliciesPerToken = 100;
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(8);

    public static async Task RunAsync(Report report, double scale, IReadOnlyDictionary<string, string>? operatorEnvironment = null, string? label = null)
    {
        var policyCount = Math.Max(1, (int)(5000 / scale));
        var layout = Layout(policyCount);
        var work = Directory.CreateTempSubdirectory("backups-scale-");
        try
        {
            var seed = Path.Combine(work.FullName, "seed.json");
            await File.WriteAllTextAsync(seed, SeedJson(layout));
            await using var stack = await LocalStack.StartAsync(new LocalStackOptions
            {
                StartOperator = false,
                KeepApiServerState = true,
                SeedPath = seed,
                OperatorEnvironment = operatorEnvironment ?? new Dictionary<string, string>(),
            });
            var snapshots = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var email in layout.Select(p => p.Email).Distinct())
            {
                foreach (var snapshot in await stack.Simulator.SnapshotsAsync(email))
                {
                    snapshots[snapshot.GetProperty("name").GetString()!] = snapshot;
                }
            }

            var written = Stopwatch.StartNew();
            await stack.RestartApiServerAsync(() => WriteStateAsync(stack.ApiServerStatePath, layout, snapshots));
            Console.WriteLine($"(d) {policyCount} policies, {policyCount * BackupsPerPolicy} Backups in the API server after {written.Elapsed.TotalSeconds:0} s");

            var first = await MeasureAsync(stack, "first start");
            var restart = await MeasureAsync(stack, "restart");
            report.Add(FormattableString.Invariant($"(d) {policyCount:N0} policies and {policyCount * BackupsPerPolicy:N0} Backups: RSS, time to synced and idle, start-up requests{(label is null ? string.Empty : $" ({label})")}"),
                string.Concat(
                    FormattableString.Invariant($"{policyCount} Pro policies (one droplet each, {PoliciesPerToken} per namespace and token, {layout.Select(p => p.Token).Distinct().Count()} tokens) and "),
                    FormattableString.Invariant($"{BackupsPerPolicy} Available automatic Backups each{(scale != 1 ? $" (scaled down by BENCH_SCALE={scale})" : string.Empty)}, written into the local API server's "),
                    FormattableString.Invariant($"state file; their snapshots seeded into the simulator (250/min and 5,000/h per token). The operator runs as its own process"),
                    FormattableString.Invariant($"{(operatorEnvironment is { Count: > 0 } ? $" with {string.Join(", ", operatorEnvironment.Select(e => $"{e.Key}={e.Value}"))}" : string.Empty)}; "),
                    FormattableString.Invariant($"figures from outside. Target: ≤ 250 MiB, ≤ 20 s to idle, no start-up request the status already answers.\n\n")) +
                    "| start | synced | idle (no reconcile for 5 s) | RSS at idle | idle CPU (30 s) | reconciles | DigitalOcean requests start → idle |\n" +
                    "|---|---|---|---|---|---|---|\n" + first.Row + "\n" + restart.Row + "\n\n" +
                    "First start: policies without status (the operator writes every status). Restart: the operator killed at idle and " +
                    "started again on the state it left; this is what an upgrade or a rescheduled pod costs.");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private sealed record PolicyLayout(string Namespace, string Token, string Email, string Name, string Uid, long DropletId, IReadOnlyList<BackupLayout> Backups);

    private sealed record BackupLayout(string Name, string Uid, string SnapshotName, DateTimeOffset Tick);

    private sealed record Measurement(string Row);

    private static List<PolicyLayout> Layout(int policyCount)
    {
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var lastTick = new DateTimeOffset(today.AddHours(3), TimeSpan.Zero);
        if (lastTick > DateTimeOffset.UtcNow)
        {
            lastTick = lastTick.AddDays(-1);
        }

        var policies = new List<PolicyLayout>(policyCount);
        for (var i = 0; i < policyCount; i++)
        {
            var tenant = i / PoliciesPerToken;
            var ns = $"tenant-{tenant:000}";
            var name = $"p{i:00000}";
            var backups = new List<BackupLayout>(BackupsPerPolicy);
            for (var b = 0; b < BackupsPerPolicy; b++)
            {
                var tick = lastTick.AddDays(-b);
                var backupName = BackupNames.Automatic(name, tick);
                var uid = DeterministicUid(i, b + 1);
                backups.Add(new BackupLayout(backupName, uid, BackupNames.Snapshot(ns, backupName, uid), tick));
            }

            policies.Add(new PolicyLayout(ns, $"dop_v1_scale_{tenant:0000}", $"tenant-{tenant:000}@example.com", name, DeterministicUid(i, 0), 5_000_000 + i, backups));
        }

        return policies;
    }

    private static string DeterministicUid(int policy, int item) =>
        new Guid(policy, (short)item, 0x4000, [0x80, 0, 0, 0, 0, 0, 0, 1]).ToString();

    private static string SeedJson(List<PolicyLayout> layout) =>
        new JsonObject
        {
            ["accounts"] = new JsonArray(layout.GroupBy(p => (p.Token, p.Email)).Select(account => (JsonNode)new JsonObject
            {
                ["token"] = account.Key.Token,
                ["email"] = account.Key.Email,
                ["dropletLimit"] = PoliciesPerToken,
                ["droplets"] = new JsonArray(account.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.DropletId,
                    ["name"] = p.Name,
                    ["diskGigabytes"] = 25,
                    ["usedGigabytes"] = 1,
                    ["snapshots"] = new JsonArray(p.Backups.Select(b => (JsonNode)JsonValue.Create(b.SnapshotName)!).ToArray()),
                }).ToArray()),
            }).ToArray()),
        }.ToJsonString();

    /// <summary>Adds the namespaces, token Secrets, policies and Backups to the server's state file while it is stopped.</summary>
    private static async Task WriteStateAsync(string path, List<PolicyLayout> layout, Dictionary<string, JsonElement> snapshots)
    {
        var root = File.Exists(path)
            ? JsonNode.Parse(await File.ReadAllBytesAsync(path))!.AsObject()
            : new JsonObject { ["kind"] = "LocalApiServerState", ["revision"] = 1, ["objects"] = new JsonArray() };
        var objects = root["objects"]!.AsArray();
        var revision = root["revision"]!.GetValue<long>();
        var created = DateTimeOffset.UtcNow.AddDays(-BackupsPerPolicy - 1);
        void Add(string resource, JsonObject metadata, JsonObject value)
        {
            metadata["resourceVersion"] = (++revision).ToString(CultureInfo.InvariantCulture);
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= Timestamp(created);
            metadata["generation"] = 1;
            value["metadata"] = metadata;
            objects.Add(new JsonObject { ["resource"] = resource, ["object"] = value });
        }

        foreach (var tenant in layout.GroupBy(p => (p.Namespace, p.Token)))
        {
            Add("/namespaces", new JsonObject { ["name"] = tenant.Key.Namespace },
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") }, ["status"] = new JsonObject { ["phase"] = "Active" } });
            Add("/secrets", new JsonObject { ["name"] = "do-token", ["namespace"] = tenant.Key.Namespace },
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["type"] = "Opaque", ["data"] = new JsonObject { ["token"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(tenant.Key.Token)) } });
        }

        foreach (var policy in layout)
        {
            Add(ApiConstants.Group + "/backuppolicies", new JsonObject { ["name"] = policy.Name, ["namespace"] = policy.Namespace, ["uid"] = policy.Uid },
                new JsonObject
                {
                    ["apiVersion"] = ApiConstants.ApiVersion,
                    ["kind"] = "BackupPolicy",
                    ["spec"] = new JsonObject
                    {
                        ["dropletId"] = policy.DropletId,
                        ["plan"] = "Pro",
                        ["schedule"] = "0 3 * * *",
                        ["retention"] = new JsonObject { ["automatic"] = BackupsPerPolicy },
                        ["credentialsSecretRef"] = new JsonObject { ["name"] = "do-token" },
                    },
                });
            foreach (var backup in policy.Backups)
            {
                var snapshot = snapshots[backup.SnapshotName];
                var completed = Timestamp(backup.Tick.AddMinutes(1));
                Add(ApiConstants.Group + "/backups",
                    new JsonObject
                    {
                        ["name"] = backup.Name,
                        ["namespace"] = policy.Namespace,
                        ["uid"] = backup.Uid,
                        ["creationTimestamp"] = Timestamp(backup.Tick),
                        ["labels"] = new JsonObject { [ApiConstants.PolicyLabel] = BackupNames.LabelValue(policy.Name), [ApiConstants.TypeLabel] = "Automatic" },
                        ["annotations"] = new JsonObject { [ApiConstants.ScheduledTimeAnnotation] = Timestamp(backup.Tick) },
                        ["ownerReferences"] = new JsonArray(new JsonObject
                        {
                            ["apiVersion"] = ApiConstants.ApiVersion, ["kind"] = "BackupPolicy", ["name"] = policy.Name, ["uid"] = policy.Uid,
                            ["controller"] = true, ["blockOwnerDeletion"] = true,
                        }),
                        ["finalizers"] = new JsonArray(ApiConstants.SnapshotCleanupFinalizer),
                    },
                    new JsonObject
                    {
                        ["apiVersion"] = ApiConstants.ApiVersion,
                        ["kind"] = "Backup",
                        ["spec"] = new JsonObject { ["policyName"] = policy.Name, ["type"] = "Automatic", ["deletionPolicy"] = "Delete" },
                        ["status"] = new JsonObject
                        {
                            ["phase"] = "Available",
                            ["dropletId"] = policy.DropletId,
                            ["snapshotName"] = backup.SnapshotName,
                            ["snapshotId"] = snapshot.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture),
                            ["actionId"] = snapshot.GetProperty("actionId").GetInt64(),
                            ["region"] = snapshot.GetProperty("regionSlug").GetString(),
                            ["sizeGigabytes"] = snapshot.GetProperty("sizeGigabytes").GetDouble(),
                            ["deletionPolicy"] = "Delete",
                            ["startedAt"] = Timestamp(backup.Tick),
                            ["completedAt"] = completed,
                            ["expiresAt"] = Timestamp(backup.Tick.AddDays(90)),
                            ["reason"] = "Completed",
                            ["message"] = $"Snapshot {backup.SnapshotName} is available.",
                            ["observedGeneration"] = 1,
                            ["conditions"] = new JsonArray(new JsonObject
                            {
                                ["type"] = "Ready", ["status"] = "True", ["reason"] = "Completed", ["message"] = $"Snapshot {backup.SnapshotName} is available.",
                                ["lastTransitionTime"] = completed, ["observedGeneration"] = 1,
                            }),
                        },
                    });
            }
        }

        root["revision"] = revision;
        await using var stream = File.Create(path);
        await using var writer = new Utf8JsonWriter(stream);
        root.WriteTo(writer);
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<Measurement> MeasureAsync(LocalStack stack, string what)
    {
        using (var reset = await stack.Http.DeleteAsync(new Uri(stack.SimulatorUrl, "_simulator/requests")))
        {
            reset.EnsureSuccessStatusCode();
        }

        var clock = Stopwatch.StartNew();
        var process = await stack.StartOperatorAsync(waitReady: false);
        TimeSpan? synced = null;
        var lastChange = TimeSpan.Zero;
        var lastScrape = TimeSpan.Zero;
        var reconciles = -1.0;
        while (clock.Elapsed < IdleTimeout && !process.HasExited)
        {
            if (synced is null && await stack.HealthAsync("readyz") == HttpStatusCode.OK)
            {
                // Controllers start reconciling only now: quiet before the caches synced is no proof of idle.
                synced = clock.Elapsed;
                lastChange = synced.Value;
            }

            // A scrape that fails or times out (a busy operator) proves nothing: quiet is measured between successful scrapes.
            if (await ReconcilesAsync(stack) is { } sum)
            {
                lastScrape = clock.Elapsed;
                if (sum != reconciles)
                {
                    reconciles = sum;
                    lastChange = lastScrape;
                }
            }

            if (synced is not null && reconciles >= 0 && lastScrape - lastChange >= QuietPeriod)
            {
                break;
            }

            await Task.Delay(synced is null ? 200 : 2000);
        }

        var idle = lastScrape - lastChange >= QuietPeriod ? $"{lastChange.TotalSeconds:0.0} s" : $"not idle after {clock.Elapsed.TotalSeconds:0} s";
        var rss = StatusKilobytes(process.Id, "VmRSS") / 1024.0;
        var cpuBefore = CpuSeconds(process.Id);
        await Task.Delay(CpuWindow);
        var cpu = CpuSeconds(process.Id) - cpuBefore;
        using var requests = await stack.Simulator.GetJsonAsync("_simulator/requests?recent=0");
        var total = requests.RootElement.GetProperty("total").GetInt64();
        var byOperation = string.Join(", ", requests.RootElement.GetProperty("byOperation").EnumerateObject()
            .Select(o => $"{o.Name} {o.Value.GetProperty("total").GetInt64()}"));
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {synced?.TotalSeconds:0.0} s | {idle} | **{rss:0} MiB** | {cpu:0.00} CPU-s ({cpu / CpuWindow.TotalSeconds * 100:0.0} %) | {reconciles:0} | {total}{(total > 0 ? $" ({byOperation})" : string.Empty)} |");
        Console.WriteLine(row);
        await stack.KillOperatorAsync();
        return new Measurement(row);
    }

    /// <summary>The sum of <c>controller_runtime_reconcile_total</c> over controllers and results, or null when /metrics does not answer.</summary>
    private static async Task<double?> ReconcilesAsync(LocalStack stack)
    {
        try
        {
            var text = await stack.MetricsAsync();
            return text.Split('\n')
                .Where(l => l.StartsWith("controller_runtime_reconcile_total{", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private static long StatusKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>utime + stime of the process in seconds (/proc/pid/stat fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
