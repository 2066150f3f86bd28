using Backups.Operator.Kubernetes.Configuration;
using k8s;

namespace Backups.Operator.Kubernetes.Tests.Configuration;

public sealed class KubernetesConfigurationLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubeconfig-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Nothing_found_is_a_clear_error_not_localhost_8080()
    {
        var environment = new FakeEnvironment { Home = _directory };

        var act = () => KubernetesConfigurationLoader.Load(null, null, environment);

        act.Should().Throw<KubernetesConfigurationException>().WithMessage("*No Kubernetes configuration found*");
    }

    [Fact]
    public void An_explicit_kubeconfig_wins_and_must_exist()
    {
        var path = WriteKubeconfig("explicit.yaml", "http://127.0.0.1:1111");
        var environment = new FakeEnvironment { Home = _directory, InCluster = true, Variables = { ["KUBECONFIG"] = WriteKubeconfig("env.yaml", "http://127.0.0.1:2222") } };

        KubernetesConfigurationLoader.Load(path, null, environment).Host.Should().StartWith("http://127.0.0.1:1111");
        var missing = () => KubernetesConfigurationLoader.Load(Path.Combine(_directory, "missing"), null, environment);
        missing.Should().Throw<KubernetesConfigurationException>().WithMessage("*does not exist*");
    }

    [Fact]
    public void In_cluster_comes_before_KUBECONFIG_and_the_home_file()
    {
        var environment = new FakeEnvironment { Home = _directory, InCluster = true, Variables = { ["KUBECONFIG"] = WriteKubeconfig("env.yaml", "http://127.0.0.1:2222") } };

        KubernetesConfigurationLoader.Load(null, null, environment).Host.Should().Be("https://in-cluster:443");
    }

    [Fact]
    public void KUBECONFIG_then_home_file()
    {
        Directory.CreateDirectory(Path.Combine(_directory, ".kube"));
        File.WriteAllText(Path.Combine(_directory, ".kube", "config"), Kubeconfig("http://127.0.0.1:3333"));
        var environment = new FakeEnvironment { Home = _directory };
        KubernetesConfigurationLoader.Load(null, null, environment).Host.Should().StartWith("http://127.0.0.1:3333");

        environment.Variables["KUBECONFIG"] = $"{Path.Combine(_directory, "absent")}{Path.PathSeparator}{WriteKubeconfig("env.yaml", "http://127.0.0.1:2222")}";
        KubernetesConfigurationLoader.Load(null, null, environment).Host.Should().StartWith("http://127.0.0.1:2222");
    }

    [Fact]
    public void An_invalid_file_is_reported_with_its_path()
    {
        var path = Path.Combine(_directory, "broken.yaml");
        File.WriteAllText(path, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");

        var act = () => KubernetesConfigurationLoader.Load(path, null, new FakeEnvironment { Home = _directory });

        act.Should().Throw<KubernetesConfigurationException>().WithMessage($"*{path}*");
    }

    private string WriteKubeconfig(string name, string server)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, Kubeconfig(server));
        return path;
    }

    private static string Kubeconfig(string server) => $"""
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: test
          cluster:
            server: {server}
        contexts:
        - name: test
          context:
            cluster: test
            user: test
        users:
        - name: test
          user:
            token: not-a-secret
        """;

    private sealed class FakeEnvironment : KubernetesEnvironment
    {
        public bool InCluster { get; init; }

        public string? Home { get; init; }

        public Dictionary<string, string> Variables { get; } = [];

        public override bool IsInCluster() => InCluster;

        public override KubernetesClientConfiguration InClusterConfig() => new() { Host = "https://in-cluster:443" };

        public override string? GetVariable(string name) => Variables.GetValueOrDefault(name);

        public override string? HomeDirectory() => Home;
    }
}
