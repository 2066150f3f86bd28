using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;
using Backups.Operator.Api.Tests.Infrastructure;
using Backups.Operator.Api.Tests.Validation;
using Backups.Operator.CrdGenerator.Generation;

namespace Backups.Operator.Api.Tests.Examples;

/// <summary>Everything in examples/ (but the simulator's seed) applies as-is against the CRDs.</summary>
public sealed class ExamplesTests
{
    private static readonly ManifestValidator Validator = new(ApiCatalog.All.Select(CrdBuilder.Build));

    private static readonly JsonSerializerOptions Strict = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static TheoryData<string> Files => [.. ExampleFiles().Select(f => Path.GetRelativePath(RepositoryPaths.Examples, f))];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_example_is_valid_against_the_generated_schemas(string file)
    {
        var documents = YamlDocuments.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Examples, file)));

        documents.Should().NotBeEmpty();
        foreach (var document in documents)
        {
            Validator.Validate(document).Should().BeEmpty($"{file} must apply against the CRDs");
        }
    }

    [Fact]
    public void The_examples_cover_every_plan_a_manual_backup_a_restore_a_verification_a_token_secret_and_the_namespace()
    {
        var objects = AllObjects();

        Specs(objects, "BackupPolicy").Select(p => (string?)p["plan"]).Should().BeEquivalentTo(["Basic", "Advanced", "Pro"]);
        Specs(objects, "Backup").Should().Contain(b => (string?)b["type"] == "Manual");
        Specs(objects, "BackupRestore").Should().NotBeEmpty();
        Specs(objects, "BackupVerification").Should().NotBeEmpty();
        Specs(objects, "BackupPolicy").Should().Contain(p => p["verification"] != null && (string?)p["plan"] != "Basic", "one policy schedules verifications");
        objects.Should().Contain(o => Kind(o) == "Secret").And.Contain(o => Kind(o) == "Namespace");
    }

    [Fact]
    public void Every_namespaced_example_lives_in_the_demo_namespace()
    {
        var objects = AllObjects();
        var namespaceName = (string?)objects.Single(o => Kind(o) == "Namespace")["metadata"]!["name"];

        namespaceName.Should().Be("team-a");
        objects.Where(o => Kind(o) != "Namespace").Should().OnlyContain(o => (string?)o["metadata"]!["namespace"] == "team-a");
    }

    [Fact]
    public void References_between_the_examples_resolve()
    {
        var objects = AllObjects();
        var policies = objects.Where(o => Kind(o) == "BackupPolicy").ToDictionary(Name, o => o["spec"]!);
        var backups = objects.Where(o => Kind(o) == "Backup").ToDictionary(Name, o => o["spec"]!);
        var secrets = objects.Where(o => Kind(o) == "Secret").ToDictionary(Name, o => o["stringData"] ?? o["data"]);

        foreach (var policy in policies.Values.Select(p => p["credentialsSecretRef"]).OfType<JsonNode>())
        {
            secrets.Should().ContainKey((string)policy["name"]!);
            secrets[(string)policy["name"]!]!.AsObject().Should().ContainKey((string?)policy["key"] ?? "token");
        }

        foreach (var backup in backups.Values)
        {
            policies.Should().ContainKey((string)backup["policyName"]!);
        }

        foreach (var restore in Specs(objects, "BackupRestore"))
        {
            var backup = backups[(string)restore["backupName"]!];
            var policy = policies[(string)backup["policyName"]!];
            ((long)restore["confirmDropletId"]!).Should().Be((long)policy["dropletId"]!, "a restore confirms its backup's droplet");
        }

        foreach (var verification in Specs(objects, "BackupVerification"))
        {
            backups.Should().ContainKey((string)verification["backupName"]!, "a verification names a Backup of the examples");
        }
    }

    [Fact]
    public void The_policies_use_distinct_demo_droplets()
    {
        Specs(AllObjects(), "BackupPolicy").Select(p => (long)p["dropletId"]!).Should().BeEquivalentTo([3164444L, 3164445L, 3164446L]);
    }

    [Fact]
    public void The_token_is_the_simulator_demo_token_and_owns_the_droplets_that_get_backups()
    {
        var objects = AllObjects();
        var token = (string)objects.Single(o => Kind(o) == "Secret")["stringData"]!["token"]!;
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Examples, "simulator", "seed.json")))!;
        var account = seed["accounts"]!.AsArray().SingleOrDefault(a => (string?)a!["token"] == token);

        token.Should().Contain("simulator", "the example token is an obvious fake");
        account.Should().NotBeNull("the example token is a token of the simulator's seed");
        var droplets = account!["droplets"]!.AsArray().Select(d => (long)d!["id"]!);
        Specs(objects, "BackupPolicy").Select(p => (long)p["dropletId"]!)
            .Should().BeSubsetOf(droplets, "every example policy backs up a droplet of the token's account");
    }

    [Fact]
    public void Every_spec_reads_into_the_contract_types_without_unknown_members()
    {
        foreach (var resource in AllObjects().Where(o => (string?)o["apiVersion"] == ApiConstants.ApiVersion))
        {
            var kind = ApiCatalog.All.Single(k => k.Kind == Kind(resource));

            var spec = resource["spec"].Deserialize(kind.SpecType, Strict);

            spec.Should().NotBeNull().And.BeOfType(kind.SpecType);
        }
    }

    private static IEnumerable<string> ExampleFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Examples, "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml")
            .Where(f => !Path.GetRelativePath(RepositoryPaths.Examples, f).StartsWith("simulator", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static List<JsonNode> AllObjects() =>
        [.. ExampleFiles().SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f))).OfType<JsonNode>()];

    private static IEnumerable<JsonNode> Specs(IEnumerable<JsonNode> objects, string kind) =>
        objects.Where(o => Kind(o) == kind).Select(o => o["spec"]!);

    private static string? Kind(JsonNode o) => (string?)o["kind"];

    private static string Name(JsonNode o) => (string)o["metadata"]!["name"]!;
}
