using Prometheus;

namespace Backups.Operator.Metrics;

/// <summary>Removes the labelled series of a gauge whose object no longer exists (scrape-time gauges).</summary>
internal static class SeriesPruning
{
    /// <summary>Removes every series of <paramref name="gauge"/> whose label values are not in <paramref name="keep"/>.</summary>
    public static void RemoveStale(Gauge gauge, IReadOnlyCollection<string[]> keep)
    {
        var wanted = new HashSet<string>(keep.Select(Key), StringComparer.Ordinal);
        foreach (var labels in gauge.GetAllLabelValues().ToList())
        {
            if (!wanted.Contains(Key(labels)))
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }

    private static string Key(string[] labels) => string.Join('\u0001', labels);
}
