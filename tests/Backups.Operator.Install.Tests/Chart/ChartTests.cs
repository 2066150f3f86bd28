using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Yaml;
using Backups.Operator.Install.Tests.Infrastructure;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Install.Tests.Chart;

/// <summary>
/// The chart: <c>helm lint</c>, every rendering of the values matrix valid against the Kubernetes JSON schemas of two
/// minor versions, the CRD templates identical to <c>crds/</c>, and <c>charts/rendered/</c> (what <c>kubectl apply -k .</c>
/// installs) identical to a fresh render of the defaults.
/// </summary>
public sealed class ChartTests(ITestOutputHelper output)
{
    /// <summary>kubernetes-models releases (installed by scripts/install-tools.sh): Kubernetes 1.31-1.33 and 1.34 schemas.</summary>
    private static readonly string[] SchemaVersions = ["4.5.1", "5.1.0"];

    [Fact]
    public async Task Helm_lint_passes_strictly()
    {
        var result = await Tool.RunCheckedAsync(Tool.Helm, ["lint", "--strict", RenderedChart.ChartDirectory]);
        output.WriteLine(result);
        result.Should().Contain("0 chart(s) failed");
    }

    [Fact]
    public async Task Values_outside_the_schema_are_refused()
    {
        var (code, _, error) = await Tool.RunAsync(Tool.Helm, ["template", "x", RenderedChart.ChartDirectory, "--set", "platformToken.value=abc"]);
        code.Should().NotBe(0);
        error.Should().Contain("platformToken").And.Contain("Additional property value", "the token itself can never be a value");

        (code, _, error) = await Tool.RunAsync(Tool.Helm, ["template", "x", RenderedChart.ChartDirectory, "--set", "logging.format=xml"]);
        code.Should().NotBe(0);
        error.Should().Contain("logging.format");
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_rendering_is_valid_against_the_kubernetes_schemas(string name, string[] values, string schemaVersion)
    {
        var objects = await RenderedChart.RenderAsync(values);
        objects.Should().NotBeEmpty();
        var models = Path.Combine(RepositoryPaths.Root, ".tools", "node", $"kubernetes-models-{schemaVersion}");
        Directory.Exists(models).Should().BeTrue($"{models} is installed by scripts/install-tools.sh (make tools)");
        var script = Path.Combine(AppContext.BaseDirectory, "Schemas", "validate-kubernetes.mjs");
        var json = new JsonArray([.. objects.Select(o => (JsonNode)o.DeepClone())]).ToJsonString();

        var (code, text, error) = await Tool.RunAsync("node", [script, models], input: json);

        var results = JsonNode.Parse(text)!.AsArray();
        foreach (var result in results)
        {
            output.WriteLine($"{name} @ kubernetes-models {schemaVersion}: {result!["kind"]} {result["name"]}: {(result["skipped"]?.GetValue<bool>() == true ? "no Kubernetes schema (not a Kubernetes API group)" : result["errors"]!.AsArray().Count == 0 ? "valid" : result["errors"]!.ToJsonString())}");
        }

        results.Where(r => r!["skipped"]?.GetValue<bool>() == true).Select(r => r!["apiVersion"]!.GetValue<string>())
            .Where(v => !v.StartsWith("monitoring.coreos.com/", StringComparison.Ordinal)).Should().BeEmpty("only the Prometheus operator's kinds have no Kubernetes schema");
        error.Should().BeEmpty();
        results.Where(r => r!["errors"]!.AsArray().Count > 0).Should().BeEmpty();
        code.Should().Be(0);
        results.Should().HaveCount(objects.Count);
    }

    public static TheoryData<string, string[], string> Matrix()
    {
        var data = new TheoryData<string, string[], string>();
        foreach (var row in RenderedChart.Matrix)
        {
            foreach (var version in SchemaVersions)
            {
                data.Add((string)row[0], (string[])row[1], version);
            }
        }

        return data;
    }

    [Fact]
    public void Crd_sources_of_the_chart_are_identical_to_crds()
    {
        var sources = Path.Combine(RenderedChart.ChartDirectory, "crd-sources");
        var expected = Directory.GetFiles(RepositoryPaths.Crds, "*.yaml").Select(Path.GetFileName).Order().ToList();
        Directory.GetFiles(sources, "*.yaml").Select(Path.GetFileName).Order().Should().Equal(expected);
        foreach (var file in expected)
        {
            File.ReadAllText(Path.Combine(sources, file!)).Should().Be(File.ReadAllText(Path.Combine(RepositoryPaths.Crds, file!)),
                $"charts/backups-operator/crd-sources/{file} must equal crds/{file}: copy it after `make manifests`");
        }
    }

    [Fact]
    public async Task Rendered_crds_equal_crds_apart_from_the_keep_policy_and_labels()
    {
        var rendered = (await RenderedChart.RenderAsync()).Where(o => RenderedChart.Kind(o) == "CustomResourceDefinition").ToList();
        var expected = Directory.GetFiles(RepositoryPaths.Crds, "*.yaml").Select(f => YamlDocuments.Parse(File.ReadAllText(f)).Single()).ToList();
        rendered.Select(RenderedChart.Name).Should().BeEquivalentTo(expected.Select(RenderedChart.Name));
        foreach (var crd in rendered)
        {
            crd["metadata"]!["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>().Should().Be("keep");
            var original = expected.Single(e => RenderedChart.Name(e) == RenderedChart.Name(crd));
            Normalize(crd).Should().Be(Normalize(original), $"the chart's {RenderedChart.Name(crd)} must be crds/'s");
        }
    }

    [Fact]
    public async Task Deploy_manifests_for_kubectl_apply_k_are_a_fresh_render_of_the_defaults()
    {
        var directory = Directory.CreateTempSubdirectory("backups-render-").FullName;
        try
        {
            await Tool.RunCheckedAsync("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "render-manifests.sh"), directory]);
            foreach (var file in new[] { "namespace.yaml", "backups-operator.yaml" })
            {
                File.ReadAllText(Path.Combine(directory, file)).Should().Be(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "charts", "rendered", file)),
                    $"charts/rendered/{file} is stale: run `make deploy-manifests` and commit it");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The object without what the chart adds (labels, annotations), keys sorted, as JSON text.</summary>
    private static string Normalize(JsonObject crd)
    {
        var copy = crd.DeepClone().AsObject();
        copy["metadata"]!.AsObject().Remove("labels");
        copy["metadata"]!.AsObject().Remove("annotations");
        return Sorted(copy)!.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        JsonValue v => JsonNode.Parse(v.ToJsonString()),
        _ => null,
    };
}
