using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Corpus;

/// <summary>
/// The bad-input corpus (<c>Cases/</c>, one file a case, see <see cref="CorpusCase"/>) against the local API server, the
/// simulator and the operator as processes, with the real kubectl. Refused cases are applied in one kubectl run and each
/// must be refused with its field named; status cases each get a namespace and must end with their reason and a message.
/// Afterwards the operator must still be the same process, and its log must hold no error-level line.
/// </summary>
public sealed class BadInputCorpusTests(ITestOutputHelper output)
{
    private const string TeamAToken = "dop_v1_simulator_team_a_0000000000000000000000000000000000000000000000000000000000a";
    private const string TeamBToken = "dop_v1_simulator_team_b_0000000000000000000000000000000000000000000000000000000000b";
    private const long FirstDroplet = 1000001;
    private const long OtherTenantDroplet = 3164450;
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_bad_input_is_refused_with_its_field_named_or_ends_in_a_status_with_a_reason()
    {
        RepositoryPaths.Kubectl.Should().Match(p => File.Exists(p), "kubectl is installed by `make tools`");
        var cases = CorpusCase.LoadAll(Path.Combine(AppContext.BaseDirectory, "Cases"));
        cases.Count.Should().BeGreaterThanOrEqualTo(200, "the corpus has at least 200 cases");
        var statusCases = cases.Where(c => c.Expect != "refused").ToList();
        var seed = WriteSeed(FirstDroplet + 100 + statusCases.Count);
        await using var stack = await StartStackAsync(seed);
        var operatorPid = stack.Operator!.Id;
        var watch = Stopwatch.StartNew();

        var logLinesBefore = stack.Operator.Output.Split('\n').Length;
        var results = new Dictionary<string, string?>(StringComparer.Ordinal);
        // Status cases first: a refused case the API server wrongly accepts (a known failure) must not stall the others.
        foreach (var (id, problem) in await RunStatusAsync(stack, statusCases))
        {
            results[id] = problem;
        }

        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s  status cases settled");
        foreach (var (id, problem) in await RunRefusedAsync(stack, cases.Where(c => c.Expect == "refused").ToList()))
        {
            results[id] = problem;
        }

        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s  refused cases applied");

        var failures = new List<string>();
        foreach (var corpusCase in cases)
        {
            var problem = results.GetValueOrDefault(corpusCase.Id);
            var line = problem is null ? $"ok      {corpusCase.Id}" : $"FAILED  {corpusCase.Id}: {problem}";
            if (corpusCase.KnownFailure is { } known)
            {
                line = problem is null ? $"FIXED   {corpusCase.Id} (marked known failure: {known})" : $"known   {corpusCase.Id}: {known} ({problem})";
            }
            else if (problem is not null)
            {
                failures.Add(line);
            }

            output.WriteLine(line);
        }

        stack.Operator.Should().NotBeNull();
        stack.Operator!.HasExited.Should().BeFalse("the operator never exits on bad input");
        stack.Operator.Id.Should().Be(operatorPid, "the operator was never restarted");
        var errorLines = stack.Operator.Output.Split('\n').Skip(logLinesBefore)
            .Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).ToList();
        errorLines.Should().BeEmpty("a user's mistake is never an error-level log line");
        failures.Should().BeEmpty($"{failures.Count} of {cases.Count} corpus cases did not hold:\n{string.Join('\n', failures)}");
    }

    private async Task<LocalStack> StartStackAsync(string seed)
    {
        try
        {
            return await LocalStack.StartAsync(new LocalStackOptions { SeedPath = seed, Log = output.WriteLine });
        }
        finally
        {
            File.Delete(seed); // the simulator has read it at start-up
        }
    }

    /// <summary>All refused cases in one <c>kubectl apply</c> run; a case holds when kubectl's error about its file names its field.</summary>
    private static async Task<IEnumerable<(string Id, string? Problem)>> RunRefusedAsync(LocalStack stack, IReadOnlyList<CorpusCase> cases)
    {
        const string ns = "corpus-refused";
        await ApplyTextAsync(stack, Namespace(ns) + Secret(ns, "valid"));
        var directory = Directory.CreateDirectory(Path.Combine(stack.Directory, "refused")).FullName;
        var files = new Dictionary<string, CorpusCase>(StringComparer.Ordinal);
        foreach (var corpusCase in cases)
        {
            var file = Path.Combine(directory, $"{corpusCase.Kind}-{corpusCase.Name}.yaml");
            await File.WriteAllTextAsync(file, Substitute(corpusCase.Body, FirstDroplet));
            files[file] = corpusCase;
        }

        var (_, stdout, stderr) = await stack.Kubectl.RunAsync(["apply", "-n", ns, "-f", directory], TimeSpan.FromMinutes(2));
        // kubectl names the file in each error (sometimes twice: "for: <file>: error when patching <file>: ..."): a file's
        // message runs from each mention of it to the next mention of another file.
        var mentions = files.Keys
            .SelectMany(file => AllIndexesOf(stderr, $"\"{file}\"").Select(at => (At: at, File: file)))
            .OrderBy(m => m.At)
            .ToList();
        var messages = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        for (var i = 0; i < mentions.Count; i++)
        {
            var end = i + 1 < mentions.Count ? mentions[i + 1].At : stderr.Length;
            (messages.TryGetValue(mentions[i].File, out var text) ? text : messages[mentions[i].File] = new StringBuilder()).Append(stderr[mentions[i].At..end]);
        }

        var accepted = Excerpt(string.Join(" ", stdout.Split('\n').Where(l => l.Contains("created", StringComparison.Ordinal)).Take(3)));
        return files.Select(pair =>
        {
            var (file, corpusCase) = (pair.Key, pair.Value);
            if (!messages.TryGetValue(file, out var text))
            {
                return (corpusCase.Id, (string?)$"accepted, not refused (kubectl created: {accepted})");
            }

            var message = text.ToString();
            return message.Contains(corpusCase.Field, StringComparison.Ordinal)
                ? (corpusCase.Id, null)
                : (corpusCase.Id, $"refused without naming '{corpusCase.Field}': {Excerpt(message)}");
        });
    }

    private static IEnumerable<int> AllIndexesOf(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            yield return at;
        }
    }

    /// <summary>Status cases: a namespace each (token Secret as the case says), applied, then polled until each shows its outcome.</summary>
    private async Task<IEnumerable<(string Id, string? Problem)>> RunStatusAsync(LocalStack stack, IReadOnlyList<CorpusCase> cases)
    {
        var namespaces = cases.Select((c, i) => (Case: c, Namespace: $"s{i:000}-{c.Name}"[..Math.Min(63, $"s{i:000}-{c.Name}".Length)].TrimEnd('-'), Droplet: FirstDroplet + 100 + i)).ToList();
        var setup = new StringBuilder();
        foreach (var (corpusCase, ns, _) in namespaces)
        {
            setup.Append(Namespace(ns)).Append(Secret(ns, corpusCase.Secret));
        }

        await ApplyTextAsync(stack, setup.ToString());
        await Parallel.ForEachAsync(namespaces, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (entry, _) =>
        {
            var file = Path.Combine(stack.Directory, $"status-{entry.Namespace}.yaml");
            await File.WriteAllTextAsync(file, Substitute(entry.Case.Body, entry.Droplet));
            await stack.Kubectl.RunAsync(["apply", "-n", entry.Namespace, "-f", file]);
            if (entry.Case.Then is { } then)
            {
                await stack.Kubectl.RunAsync(["-n", entry.Namespace, .. then.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--wait=false"]);
            }

            if (entry.Case.Nudge is { } nudge)
            {
                var name = nudge.Split('/')[1];
                await ApplyTextAsync(stack, $"apiVersion: backup.platform.dev/v1alpha1\nkind: Backup\nmetadata:\n  name: {name}\n  namespace: {entry.Namespace}\nspec:\n  policyName: shop\n---\n");
            }
        });

        var pending = namespaces.ToDictionary(n => n.Case.Id, n => n, StringComparer.Ordinal);
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        try
        {
            // One list of the objects a round; the cases that never hold are reported one by one below.
            await Eventually.TrueAsync("every status case to hold", async () =>
            {
                var objects = await ListObjectsAsync(stack);
                foreach (var (id, entry) in pending.ToList())
                {
                    var (kind, name) = (entry.Case.Object!.Split('/')[0], entry.Case.Object.Split('/')[1]);
                    objects.TryGetValue((kind, entry.Namespace, name), out var status);
                    var (held, seen) = Holds(entry.Case, status, objects.ContainsKey((kind, entry.Namespace, name)));
                    last[id] = seen;
                    if (held)
                    {
                        pending.Remove(id);
                    }
                }

                return pending.Count == 0;
            }, timeout: StatusTimeout);
        }
        catch (TimeoutException)
        {
            // The cases still pending fail with what was last seen of them.
        }

        output.WriteLine($"status cases: {cases.Count - pending.Count} of {cases.Count} settled in {watch.Elapsed.TotalSeconds:0} s");
        return namespaces.Select(n => (n.Case.Id, pending.ContainsKey(n.Case.Id) ? (string?)$"after {StatusTimeout.TotalSeconds:0} s: {last.GetValueOrDefault(n.Case.Id, "no object")}" : null));
    }

    private static (bool Held, string Seen) Holds(CorpusCase corpusCase, JsonElement? status, bool exists)
    {
        if (corpusCase.Expect == "gone")
        {
            return (!exists, exists ? "still exists" : "gone");
        }

        if (status is not { ValueKind: JsonValueKind.Object } s)
        {
            return (false, exists ? "no status" : "no object");
        }

        var reasons = new List<(string Reason, string Message)>();
        if (s.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
        {
            reasons.Add((reason.GetString()!, s.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty));
        }

        if (s.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in conditions.EnumerateArray())
            {
                reasons.Add((condition.TryGetProperty("reason", out var r) ? r.GetString() ?? string.Empty : string.Empty,
                    condition.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty));
            }
        }

        var held = reasons.Any(r => corpusCase.Reasons.Contains(r.Reason, StringComparer.Ordinal) && r.Message.Trim().Length > 0);
        return (held, "reasons " + string.Join(", ", reasons.Select(r => r.Reason).Distinct(StringComparer.Ordinal)));
    }

    private static async Task<Dictionary<(string Kind, string Namespace, string Name), JsonElement?>> ListObjectsAsync(LocalStack stack)
    {
        var (code, stdout, _) = await stack.Kubectl.RunAsync(["get", "backuppolicies,backups,backuprestores", "-A", "-o", "json"]);
        var result = new Dictionary<(string, string, string), JsonElement?>();
        if (code != 0)
        {
            return result;
        }

        using var document = JsonDocument.Parse(stdout);
        foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
        {
            var metadata = item.GetProperty("metadata");
            result[(item.GetProperty("kind").GetString()!, metadata.GetProperty("namespace").GetString()!, metadata.GetProperty("name").GetString()!)] =
                item.TryGetProperty("status", out var status) ? status.Clone() : null;
        }

        return result;
    }

    private static async Task ApplyTextAsync(LocalStack stack, string yaml)
    {
        var file = Path.Combine(stack.Directory, $"setup-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        await stack.Kubectl.RunCheckedAsync("apply", "-f", file);
    }

    private static string Namespace(string name) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n---\n";

    private static string Secret(string ns, string kind)
    {
        var (key, token) = kind switch
        {
            "none" => (null, null),
            "wrong-key" => ("password", TeamAToken),
            "empty" => ("token", string.Empty),
            "newline" => ("token", TeamAToken[..20] + "\n" + TeamAToken[20..]),
            "bogus" => ("token", "dop_v1_" + new string('0', 64)),
            _ => ("token", TeamAToken),
        };
        if (key is null)
        {
            return string.Empty;
        }

        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(token!));
        return $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: do-token\n  namespace: {ns}\ntype: Opaque\ndata:\n  {key}: \"{data}\"\n---\n";
    }

    private static string Substitute(string body, long droplet) =>
        body.Replace("\"${DROPLET}\"", droplet.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("${DROPLET}", droplet.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"${OTHER_TENANT_DROPLET}\"", OtherTenantDroplet.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A seed with team-a's droplets <see cref="FirstDroplet"/>..<paramref name="last"/> and team-b's <see cref="OtherTenantDroplet"/>.</summary>
    private static string WriteSeed(long last)
    {
        var droplets = new List<object>();
        for (var id = FirstDroplet; id <= last; id++)
        {
            droplets.Add(new { id, name = $"d{id}", region = "nyc3", sizeSlug = "s-1vcpu-1gb", diskGigabytes = 1, usedGigabytes = 1, dataVersion = "v1" });
        }

        var seed = new
        {
            accounts = new object[]
            {
                new { token = TeamAToken, email = "team-a@example.com", dropletLimit = 1000, droplets },
                new { token = TeamBToken, email = "team-b@example.com", dropletLimit = 25, droplets = new object[] { new { id = OtherTenantDroplet, name = "crm", region = "fra1", sizeSlug = "s-1vcpu-1gb", diskGigabytes = 1, usedGigabytes = 1, dataVersion = "crm-v1" } } },
            },
        };
        var path = Path.Combine(Path.GetTempPath(), $"corpus-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(seed));
        return path;
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text.ReplaceLineEndings(" ") : text[..300].ReplaceLineEndings(" ") + "…";
}
