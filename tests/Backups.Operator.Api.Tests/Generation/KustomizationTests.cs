using System.Diagnostics;
using Backups.Operator.Api.Tests.Infrastructure;
using Backups.Operator.Api.Tests.Validation;
using Backups.Operator.CrdGenerator.Generation;

namespace Backups.Operator.Api.Tests.Generation;

/// <summary>The repository root is a kustomization that installs the CRDs: <c>kubectl apply -k .</c>.</summary>
public sealed class KustomizationTests
{
    [Fact]
    public void The_kustomization_lists_every_crd_file()
    {
        var kustomization = YamlDocuments.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "kustomization.yaml"))).Single()!;
        var resources = kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>());

        resources.Should().Contain(CrdManifests.Generate().Select(m => "crds/" + m.FileName));
    }

    [Fact]
    public async Task Kubectl_kustomize_renders_the_three_crds()
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
        rendered.Select(d => (string?)d!["metadata"]!["name"]).Should().BeEquivalentTo(
            CrdManifests.Generate().Select(m => m.Definition.Metadata.Name));
        rendered.Should().OnlyContain(d => (string?)d!["kind"] == "CustomResourceDefinition");
    }
}
