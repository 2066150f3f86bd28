using System.Globalization;

namespace Backups.Operator.Benchmarks;

/// <summary>The machine a run happened on, from /proc/cpuinfo and /proc/meminfo.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        var memory = "unknown memory";
        if (File.Exists("/proc/cpuinfo"))
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            cpu = $"{model ?? "unknown CPU"}, {Environment.ProcessorCount} logical CPUs visible";
        }

        if (File.Exists("/proc/meminfo"))
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out var kib))
            {
                memory = string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0 / 1024.0:0.0} GiB RAM");
            }
        }

        return $"{cpu}; {memory}; .NET {Environment.Version}";
    }
}
