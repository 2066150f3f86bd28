using System.Diagnostics;
using Backups.Operator.Api.Tests.Infrastructure;
using Backups.Operator.Api.Tests.Validation;
using Backups.Operator.CrdGenerator.Generation;

namespace Backups.Operator.Api.Tests.Generation;

/// <summary>The repository root is a kustomization that installs the operator with its CRDs: <c>kubectl apply -k .</c>.</summary>
public sealed class KustomizationTests
{
    [Fact]
    public void The_kustomization_lists_the_manifests_rendered_from_the_chart()
    {
        var kustomization = YamlDocuments.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "kustomization.yaml"))).Single()!;
        var resources = kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>());

        // charts/rendered/ is rendered from charts/backups-operator (which carries the CRDs); Install.Tests keeps both in step.
        resources.Should().Contain("charts/rendered/backups-operator.yaml");
    }

    [Fact]
    public async Task Kubectl_kustomize_renders_every_crd()
    {
        var kubectl = Path.Combine(RepositoryPaths.Root, ".tools", "bin", "kubectl");
        File.Exists(kubectl).Should().BeTrue($"{kubectl} is missing: run `make tools` (make test does it)");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var start = new ProcessStartInfo(kubectl, ["kustomize", RepositoryPaths.Root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.ExitCode.Should().Be(0, await error);
        var rendered = YamlDocuments.Parse(await output);
        rendered.Where(d => (string?)d!["kind"] == "CustomResourceDefinition").Select(d => (string?)d!["metadata"]!["name"]).Should().BeEquivalentTo(
            CrdManifests.Generate().Select(m => m.Definition.Metadata.Name));
    }
}
