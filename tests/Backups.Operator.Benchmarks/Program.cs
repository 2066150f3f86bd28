using System.Globalization;
using Backups.Operator.Benchmarks;
using Backups.Operator.Testing;

// `make bench`: runs each benchmark and writes benchmarks/RESULTS.md (keeping the sections of figures not run). BENCH_SCALE
// (default 1) divides the policy counts of (c), (d) and (e); BENCH_ONLY=a,b,c,d,e runs a subset; BENCH_WORKERS=N repeats (b)
// with N workers; BENCH_OPERATOR_ENV=K=V,K=V repeats (d) with those variables in the operator's environment. Figures are
// printed as they come.
var scale = double.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE") ?? "1", CultureInfo.InvariantCulture);
var only = (Environment.GetEnvironmentVariable("BENCH_ONLY") ?? "a,b,c,d,e").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var command = $"make bench (BENCH_SCALE={scale.ToString(CultureInfo.InvariantCulture)}, BENCH_ONLY={string.Join(",", only)})";
var report = new Report(Console.Out, command);
if (only.Contains("a"))
{
    await RequestsPerBackup.RunAsync(report);
}

if (only.Contains("b"))
{
    await ApplyToPostLatency.RunAsync(report, 1);
    if (Environment.GetEnvironmentVariable("BENCH_WORKERS") is { } workers)
    {
        await ApplyToPostLatency.RunAsync(report, 1, int.Parse(workers, CultureInfo.InvariantCulture));
    }
}

if (only.Contains("c"))
{
    await SharedTokenTick.RunAsync(report, scale);
}

if (only.Contains("e"))
{
    await BackgroundChecks.RunAsync(report, scale);
}

if (only.Contains("d"))
{
    await StartupAtScale.RunAsync(report, scale);
    if (Environment.GetEnvironmentVariable("BENCH_OPERATOR_ENV") is { Length: > 0 } variables)
    {
        // e.g. BENCH_OPERATOR_ENV=DOTNET_gcServer=1: (d) again with these variables in the operator's environment, for comparison.
        var environment = variables.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v.Length > 1 ? v[1] : string.Empty);
        await StartupAtScale.RunAsync(report, scale, environment, label: variables);
    }
}

var path = Path.Combine(RepositoryPaths.Root, "benchmarks", "RESULTS.md");
Directory.CreateDirectory(Path.GetDirectoryName(path)!);
await File.WriteAllTextAsync(path, report.ToMarkdown(File.Exists(path) ? await File.ReadAllTextAsync(path) : null));
Console.WriteLine($"wrote {path}");
