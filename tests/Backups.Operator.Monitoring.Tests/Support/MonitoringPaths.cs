using Backups.Operator.Testing;

namespace Backups.Operator.Monitoring.Tests.Support;

/// <summary>The shipped monitoring files and the tools scripts/install-prometheus.sh installs into <c>.tools/bin</c>.</summary>
internal static class MonitoringPaths
{
    public static string Chart => Path.Combine(RepositoryPaths.Root, "charts", "backups-operator");

    public static string Rules => Path.Combine(Chart, "files", "prometheus-rules.yaml");

    public static string Dashboard => Path.Combine(Chart, "files", "dashboards", "backups-operator.json");

    public static string Runbooks => Path.Combine(RepositoryPaths.Root, "docs", "runbooks.md");

    public static string ArgoCdChecks => Path.Combine(RepositoryPaths.Root, "docs", "argocd");

    /// <summary>The promtool unit tests next to this project's sources.</summary>
    public static string RuleTests => Path.Combine(RepositoryPaths.Root, "tests", "Backups.Operator.Monitoring.Tests", "Rules", "prometheus-rules.test.yaml");

    public static string Tool(string name) => Path.Combine(RepositoryPaths.Root, ".tools", "bin", name);

    public static string Promtool => Tool("promtool");

    public static string Prometheus => Tool("prometheus");

    public static string Alertmanager => Tool("prometheus-alertmanager");

    public static string Helm => Tool("helm");
}
