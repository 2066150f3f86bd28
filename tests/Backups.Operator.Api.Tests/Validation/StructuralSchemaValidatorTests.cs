using Backups.Operator.Api.Schema;
using Backups.Operator.CrdGenerator.Generation;

namespace Backups.Operator.Api.Tests.Validation;

/// <summary>The test validator rejects what the API server rejects, so the examples test can fail.</summary>
public sealed class StructuralSchemaValidatorTests
{
    private static readonly ManifestValidator Validator = new(ApiCatalog.All.Select(CrdBuilder.Build));

    private const string ValidPolicy = """
        apiVersion: backup.platform.dev/v1alpha1
        kind: BackupPolicy
        metadata: { name: shop, namespace: team-a }
        spec:
          dropletId: 3164444
          plan: Pro
          schedule: "0 3 * * *"
          timeZone: Europe/Berlin
          retention: { automatic: 7 }
          credentialsSecretRef: { name: do-token }
        status:
          nextBackupTime: "2026-11-26T03:00:00Z"
          conditions:
          - { type: Ready, status: "True", lastTransitionTime: "2026-11-25T03:00:00Z", reason: Reconciled, message: "" }
        """;

    [Fact]
    public void A_valid_policy_has_no_errors()
    {
        Errors(ValidPolicy).Should().BeEmpty();
    }

    [Theory]
    [InlineData("plan: Pro", "plan: Gold", "spec.plan: Unsupported value: \"Gold\"")]
    [InlineData("dropletId: 3164444", "dropletId: \"3164444\"", "spec.dropletId: must be an integer, got string")]
    [InlineData("dropletId: 3164444", "dropletId: 0", "spec.dropletId: should be greater than or equal to 1")]
    [InlineData("dropletId: 3164444", "dropletId: 1.5", "spec.dropletId: must be an integer")]
    [InlineData("dropletId: 3164444", "dropletId: null", "spec.dropletId: must not be null")]
    [InlineData("automatic: 7", "automatic: 21", "spec.retention.automatic: should be less than or equal to 20")]
    [InlineData("schedule: \"0 3 * * *\"", "schedule: daily", "spec.schedule: \"daily\" does not match")]
    [InlineData("timeZone: Europe/Berlin", "timeZone: Europe Berlin", "spec.timeZone: \"Europe Berlin\" does not match")]
    [InlineData("name: do-token", "name: Do_Token", "spec.credentialsSecretRef.name: \"Do_Token\" does not match")]
    [InlineData("name: do-token", "key: token", "spec.credentialsSecretRef.name: Required value")]
    [InlineData("plan: Pro", "plan: Pro\n  replicas: 3", "spec.replicas: unknown field \"replicas\"")]
    [InlineData("plan: Pro", "plan: Pro\n  suspend: yes please", "spec.suspend: must be a boolean, got string")]
    [InlineData("retention: { automatic: 7 }", "retention: 7", "spec.retention: must be an object, got number")]
    [InlineData("  dropletId: 3164444\n", "", "spec.dropletId: Required value")]
    [InlineData("2026-11-26T03:00:00Z", "tomorrow", "status.nextBackupTime: \"tomorrow\" is not an RFC 3339 date-time")]
    [InlineData("status: \"True\"", "status: Maybe", "status.conditions[0].status: Unsupported value: \"Maybe\"")]
    [InlineData("reason: Reconciled", "reason: \"\"", "status.conditions[0].reason: must be at least 1 characters")]
    [InlineData("name: shop,", "name: Shop,", "metadata.name: \"Shop\" does not match")]
    [InlineData(", namespace: team-a", "", "metadata.namespace: Required value")]
    [InlineData("kind: BackupPolicy", "kind: BackupPlan", "no schema for backup.platform.dev/v1alpha1 BackupPlan")]
    public void Invalid_policies_are_rejected_with_the_field_named(string valid, string invalid, string error)
    {
        ValidPolicy.Should().Contain(valid);

        Errors(ValidPolicy.Replace(valid, invalid, StringComparison.Ordinal)).Should().Contain(e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_condition_types_are_rejected()
    {
        var policy = ValidPolicy + "\n  - { type: Ready, status: \"False\", lastTransitionTime: \"2026-11-25T04:00:00Z\", reason: Failed, message: x }";

        Errors(policy).Should().Contain(e => e.StartsWith("status.conditions: Duplicate value", StringComparison.Ordinal));
    }

    [Fact]
    public void Over_long_strings_are_rejected()
    {
        var backup = $"""
            apiVersion: backup.platform.dev/v1alpha1
            kind: Backup
            metadata: {"{"} name: b, namespace: team-a {"}"}
            spec: {"{"} policyName: shop, description: {new string('x', 1025)} {"}"}
            """;

        Errors(backup).Should().ContainSingle().Which.Should().Be("spec.description: may not be more than 1024 characters");
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData: { token: abc }", null)]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: { name: s }\ndata: { token: not base64! }", "data.token: \"not base64!\" does not match")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringdata: { token: abc }", "stringdata: unknown field")]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: { name: team-a }", null)]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: { name: team_a }", "metadata.name: \"team_a\" does not match")]
    public void Built_in_kinds_are_checked_too(string yaml, string? error)
    {
        var errors = Errors(yaml);

        if (error is null)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().Contain(e => e.StartsWith(error, StringComparison.Ordinal));
        }
    }

    private static IReadOnlyList<string> Errors(string yaml) => Validator.Validate(YamlDocuments.Parse(yaml).Single());
}
