using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Install.Tests.Infrastructure;
using Backups.Operator.Testing.Processes;
using Xunit.Abstractions;

namespace Backups.Operator.Install.Tests.Chart;

/// <summary><c>kubectl apply -k .</c> against a fresh API server creates the same objects as <c>helm install</c> of the chart's defaults.</summary>
public sealed class KustomizeInstallTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backups-kustomize-").FullName;
    private LocalApiServer _kustomized = null!;
    private LocalApiServer _helmed = null!;

    public async Task InitializeAsync()
    {
        _kustomized = await LocalApiServer.StartAsync(new LocalApiServerOptions { Security = new() });
        _helmed = await LocalApiServer.StartAsync(new LocalApiServerOptions { Security = new() });
    }

    public async Task DisposeAsync()
    {
        await _kustomized.DisposeAsync();
        await _helmed.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Kubectl_apply_k_creates_the_objects_helm_install_creates()
    {
        var kustomized = Kubectl(_kustomized, "kustomized");
        var helmed = Kubectl(_helmed, "helmed");
        await kustomized.RunCheckedAsync("apply", "-k", Backups.Operator.Testing.RepositoryPaths.Root);
        await Tool.HelmAsync(Path.Combine(_directory, "helmed", "kubeconfig"), "install", RenderedChart.Release, RenderedChart.ChartDirectory,
            "-n", RenderedChart.Namespace, "--create-namespace");

        var expected = await RenderedChart.RenderAsync();
        expected.Should().Contain(o => RenderedChart.Kind(o) == "Deployment");
        foreach (var o in expected)
        {
            var kind = RenderedChart.Kind(o);
            var name = RenderedChart.Name(o);
            string[] get = ["get", $"{kind}.{Group(o)}".TrimEnd('.'), name, "-o", "json", .. o["metadata"]!["namespace"] is null ? Array.Empty<string>() : ["-n", RenderedChart.Namespace]];
            var fromKustomize = Normalize(JsonNode.Parse(await kustomized.RunCheckedAsync(get))!.AsObject());
            var fromHelm = Normalize(JsonNode.Parse(await helmed.RunCheckedAsync(get))!.AsObject());
            fromKustomize.Should().Be(fromHelm, $"{kind} {name} must be the same either way");
            output.WriteLine($"{kind} {name}: identical");
        }

        (await kustomized.RunAsync(["get", "namespace", RenderedChart.Namespace])).ExitCode.Should().Be(0);
    }

    private Kubectl Kubectl(LocalApiServer server, string name)
    {
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_directory, name, "kubeconfig"));
        return new Kubectl(kubeconfig, Path.Combine(_directory, name, "cache"));
    }

    private static string Group(JsonObject o) => o["apiVersion"]!.GetValue<string>() is var v && v.Contains('/', StringComparison.Ordinal) ? v[..v.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    /// <summary>The object without what the server or the client tool adds (uid, versions, timestamps, tool annotations, status).</summary>
    private static string Normalize(JsonObject o)
    {
        var copy = o.DeepClone().AsObject();
        copy.Remove("status");
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields" })
        {
            metadata.Remove(field);
        }

        if (metadata["annotations"] is JsonObject annotations)
        {
            foreach (var key in annotations.Select(a => a.Key).Where(k => k.StartsWith("meta.helm.sh/", StringComparison.Ordinal) || k == "kubectl.kubernetes.io/last-applied-configuration").ToList())
            {
                annotations.Remove(key);
            }

            if (annotations.Count == 0)
            {
                metadata.Remove("annotations");
            }
        }

        return copy.ToJsonString();
    }
}
