using System.Globalization;
using Backups.Operator.Benchmarks;
using Backups.Operator.Testing;

// `make bench`: runs each benchmark and writes benchmarks/RESULTS.md (keeping the sections of figures not run). BENCH_SCALE
// (default 1) divides the policy counts of (c) and (e); BENCH_ONLY=a,b,c,d,e runs a subset; BENCH_WORKERS=N repeats (b) with
// N workers. Figures are printed as they come.
var scale = double.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE") ?? "1", CultureInfo.InvariantCulture);
var only = (Environment.GetEnvironmentVariable("BENCH_ONLY") ?? "a,b,c,d,e").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var report = new Report(Console.Out);
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
    report.Add("(d) 5,000 policies and 50,000 Backups: RSS, time to synced and idle, start-up requests",
        "Not measured by this program yet: the in-process harness shares one process (and one RSS) between the operator, " +
        "the API server and the simulator, so an operator RSS figure needs the processes of tests/Backups.Operator.Testing " +
        "LocalStack; see the issue for the figures measured from outside.");
}

var path = Path.Combine(RepositoryPaths.Root, "benchmarks", "RESULTS.md");
Directory.CreateDirectory(Path.GetDirectoryName(path)!);
var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
await File.WriteAllTextAsync(path, report.ToMarkdown($"BENCH_SCALE={scale.ToString(CultureInfo.InvariantCulture)} BENCH_ONLY={string.Join(",", only)} make bench", existing));
Console.WriteLine($"wrote {path}");
