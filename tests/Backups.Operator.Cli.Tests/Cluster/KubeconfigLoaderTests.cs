using Backups.Operator.Cli.Cluster;

namespace Backups.Operator.Cli.Tests.Cluster;

public sealed class KubeconfigLoaderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kubeconfig-");

    private static readonly TimeSpan Timeout = ClusterOptions.DefaultRequestTimeout;

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string cluster, string context, string? @namespace, string? current)
    {
        var path = Path.Combine(_directory.FullName, name);
        var lines = new List<string>
        {
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            $"- name: {cluster}",
            "  cluster:",
            $"    server: https://{cluster}.example:6443",
            "users:",
            $"- name: u-{cluster}",
            "  user:",
            "    token: t",
            "contexts:",
            $"- name: {context}",
            "  context:",
            $"    cluster: {cluster}",
            $"    user: u-{cluster}",
        };
        if (@namespace is not null)
        {
            lines.Add($"    namespace: {@namespace}");
        }

        if (current is not null)
        {
            lines.Add($"current-context: {current}");
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void The_namespace_is_the_flag_else_the_context_namespace_else_default()
    {
        var path = Write("a", "prod", "prod", "team-a", current: "prod");

        KubeconfigLoader.Load(new ClusterOptions(path, null, null, Timeout), new Dictionary<string, string?>()).Namespace.Should().Be("team-a");
        KubeconfigLoader.Load(new ClusterOptions(path, null, "team-b", Timeout), new Dictionary<string, string?>()).Namespace.Should().Be("team-b");
        var bare = Write("b", "dev", "dev", null, current: "dev");
        KubeconfigLoader.Load(new ClusterOptions(bare, null, null, Timeout), new Dictionary<string, string?>()).Namespace.Should().Be("default");
    }

    [Fact]
    public void Kubeconfig_lists_are_merged_the_first_current_context_wins_and_context_picks_another_file_s_cluster()
    {
        var first = Write("first", "prod", "prod", "team-a", current: "prod");
        var second = Write("second", "staging", "staging", "team-s", current: "staging");
        var environment = new Dictionary<string, string?> { ["KUBECONFIG"] = first + Path.PathSeparator + second + Path.PathSeparator + "/missing" };

        var (configuration, @namespace) = KubeconfigLoader.Load(new ClusterOptions(null, null, null, Timeout), environment);
        configuration.Host.Should().Be("https://prod.example:6443");
        @namespace.Should().Be("team-a");

        var (staging, stagingNamespace) = KubeconfigLoader.Load(new ClusterOptions(null, "staging", null, Timeout), environment);
        staging.Host.Should().Be("https://staging.example:6443");
        stagingNamespace.Should().Be("team-s");
    }

    [Fact]
    public void An_unknown_context_or_a_missing_file_is_an_unreachable_error_in_words()
    {
        var path = Write("a", "prod", "prod", null, current: "prod");

        FluentActions.Invoking(() => KubeconfigLoader.Load(new ClusterOptions(path, "nope", null, Timeout), new Dictionary<string, string?>()))
            .Should().Throw<CliException>().Where(e => e.ExitCode == ExitCodes.Unreachable && e.Message.StartsWith("context \"nope\" is not in the kubeconfig", StringComparison.Ordinal));
        FluentActions.Invoking(() => KubeconfigLoader.Load(new ClusterOptions(null, null, null, Timeout), new Dictionary<string, string?> { ["HOME"] = _directory.FullName }))
            .Should().Throw<CliException>().Where(e => e.Message == "no kubeconfig found");
    }
}
