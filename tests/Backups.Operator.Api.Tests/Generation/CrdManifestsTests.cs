using Backups.Operator.Api.Schema;
using Backups.Operator.Api.Tests.Infrastructure;
using Backups.Operator.CrdGenerator.Generation;
using k8s;
using k8s.Models;

namespace Backups.Operator.Api.Tests.Generation;

public sealed class CrdManifestsTests
{
    [Fact]
    public void The_checked_in_crds_are_exactly_what_the_generator_writes()
    {
        foreach (var manifest in CrdManifests.Generate())
        {
            var path = Path.Combine(RepositoryPaths.Crds, manifest.FileName);
            File.Exists(path).Should().BeTrue($"{path} is missing: run `make manifests` and commit crds/");
            File.ReadAllText(path).Should().Be(
                manifest.Yaml,
                $"crds/{manifest.FileName} differs from the C# types in operator/Backups.Operator.Api: run `make manifests` and commit crds/");
        }
    }

    [Fact]
    public void Crds_holds_no_file_the_generator_does_not_write()
    {
        var expected = CrdManifests.Generate().Select(m => m.FileName);

        Directory.GetFiles(RepositoryPaths.Crds).Select(Path.GetFileName).Should().BeEquivalentTo(
            expected, "crds/ holds only generated files: run `make manifests` and delete stale ones");
    }

    [Fact]
    public void One_file_per_kind_in_catalog_order_named_after_the_crd()
    {
        CrdManifests.Generate().Select(m => m.FileName).Should().Equal(
            "backuppolicies.backup.platform.dev.yaml",
            "backups.backup.platform.dev.yaml",
            "backuprestores.backup.platform.dev.yaml",
            "backupverifications.backup.platform.dev.yaml");
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = CrdManifests.Generate().Select(m => m.Yaml).ToList();
        var second = CrdManifests.Generate().Select(m => m.Yaml).ToList();

        second.Should().Equal(first);
    }

    [Fact]
    public void Every_file_starts_with_the_generated_header_and_ends_with_one_newline()
    {
        foreach (var manifest in CrdManifests.Generate())
        {
            manifest.Yaml.Should().StartWith(CrdManifests.Header);
            manifest.Yaml.Should().EndWith("\n").And.NotEndWith("\n\n").And.NotContain("\r");
        }
    }

    [Fact]
    public void The_yaml_reads_back_into_the_same_definition()
    {
        foreach (var manifest in CrdManifests.Generate())
        {
            var read = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(manifest.Yaml, strict: true);

            read.Metadata.Name.Should().Be(manifest.Definition.Metadata.Name);
            read.Spec.Names.ShortNames.Should().Equal(manifest.Definition.Spec.Names.ShortNames);
            read.Spec.Versions.Single().AdditionalPrinterColumns.Select(c => c.Name).Should().Equal(
                manifest.Definition.Spec.Versions.Single().AdditionalPrinterColumns.Select(c => c.Name));
            KubernetesYaml.Serialize(read).Should().Be(manifest.Yaml[CrdManifests.Header.Length..].TrimEnd('\n'));
        }
    }

    [Fact]
    public void Write_writes_every_manifest_into_the_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "crd-generator-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = CrdManifests.Write(directory);

            written.Should().HaveCount(ApiCatalog.All.Count);
            foreach (var manifest in CrdManifests.Generate())
            {
                File.ReadAllText(Path.Combine(directory, manifest.FileName)).Should().Be(manifest.Yaml);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
