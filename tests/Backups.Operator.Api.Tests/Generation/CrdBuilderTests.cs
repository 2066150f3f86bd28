using System.Text.Json.Nodes;
using Backups.Operator.Api.Schema;
using Backups.Operator.Api.Tests.Validation;
using Backups.Operator.CrdGenerator.Generation;
using k8s.Models;

namespace Backups.Operator.Api.Tests.Generation;

/// <summary>The generated CRDs publish what docs/design.md promises.</summary>
public sealed class CrdBuilderTests
{
    private static readonly V1CustomResourceDefinition Policy = CrdBuilder.Build(ApiCatalog.BackupPolicy);
    private static readonly V1CustomResourceDefinition Backup = CrdBuilder.Build(ApiCatalog.Backup);
    private static readonly V1CustomResourceDefinition Restore = CrdBuilder.Build(ApiCatalog.BackupRestore);
    private static readonly V1CustomResourceDefinition Verification = CrdBuilder.Build(ApiCatalog.BackupVerification);

    public static TheoryData<string> Kinds => ["BackupPolicy", "Backup", "BackupRestore", "BackupVerification"];

    [Theory]
    [InlineData("BackupPolicy", "backuppolicies", "backuppolicy", "bkp")]
    [InlineData("Backup", "backups", "backup", "bk")]
    [InlineData("BackupRestore", "backuprestores", "backuprestore", "bkr")]
    [InlineData("BackupVerification", "backupverifications", "backupverification", "bkv")]
    public void Names_short_names_and_category(string kind, string plural, string singular, string shortName)
    {
        var crd = Crd(kind);

        crd.ApiVersion.Should().Be("apiextensions.k8s.io/v1");
        crd.Kind.Should().Be("CustomResourceDefinition");
        crd.Metadata.Name.Should().Be($"{plural}.backup.platform.dev");
        crd.Spec.Group.Should().Be("backup.platform.dev");
        crd.Spec.Scope.Should().Be("Namespaced");
        crd.Spec.Names.Kind.Should().Be(kind);
        crd.Spec.Names.ListKind.Should().Be(kind + "List");
        crd.Spec.Names.Plural.Should().Be(plural);
        crd.Spec.Names.Singular.Should().Be(singular);
        crd.Spec.Names.ShortNames.Should().Equal(shortName);
        crd.Spec.Names.Categories.Should().Equal("platform-backups");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void One_served_and_stored_version_with_the_status_subresource(string kind)
    {
        var version = Crd(kind).Spec.Versions.Should().ContainSingle().Subject;

        version.Name.Should().Be("v1alpha1");
        version.Served.Should().BeTrue();
        version.Storage.Should().BeTrue();
        version.Subresources.Status.Should().NotBeNull();
        version.Subresources.Scale.Should().BeNull();
    }

    [Fact]
    public void Policy_printer_columns()
    {
        Columns(Policy).Should().Equal(
            "Plan .spec.plan string 0",
            "Droplet .spec.dropletId integer 0",
            "Schedule .status.schedule string 0",
            "Next Backup .status.nextBackupTime string 0",
            "Last Success .status.lastSuccessfulBackup.time date 0",
            "Backups .status.counts.total integer 0",
            "Size (GB) .status.totalSizeGigabytes number 0",
            "Ready .status.conditions[?(@.type==\"Ready\")].status string 0",
            "Age .metadata.creationTimestamp date 0");
    }

    [Fact]
    public void Backup_printer_columns_with_the_message_at_priority_one()
    {
        Columns(Backup).Should().Equal(
            "Status .status.phase string 0",
            "Type .spec.type string 0",
            "Policy .spec.policyName string 0",
            "Date .metadata.creationTimestamp date 0",
            "Size (GB) .status.sizeGigabytes number 0",
            "Expires .status.expiresAt string 0",
            "Verified .status.verification.result string 0",
            "Age .metadata.creationTimestamp date 0",
            "Message .status.message string 1");
    }

    [Fact]
    public void Restore_printer_columns()
    {
        Columns(Restore).Should().Equal(
            "Backup .spec.backupName string 0",
            "Droplet .spec.confirmDropletId integer 0",
            "Status .status.phase string 0",
            "Safety Backup .status.safetyBackupName string 0",
            "Age .metadata.creationTimestamp date 0",
            "Message .status.message string 1");
    }

    [Fact]
    public void Verification_printer_columns()
    {
        Columns(Verification).Should().Equal(
            "Backup .spec.backupName string 0",
            "Status .status.phase string 0",
            "Droplet .status.dropletId integer 0",
            "Size .status.size string 0",
            "Cleaned Up .status.cleanedUp boolean 0",
            "Cost .status.estimatedCost number 0",
            "Age .metadata.creationTimestamp date 0",
            "Message .status.message string 1");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_printer_column_points_at_a_schema_field_of_its_type(string kind)
    {
        var crd = Crd(kind);
        var root = Root(crd);
        foreach (var column in crd.Spec.Versions[0].AdditionalPrinterColumns.Where(c => !c.JsonPath.StartsWith(".metadata.", StringComparison.Ordinal)))
        {
            var field = Resolve(root, column.JsonPath);
            var expectedType = column.Type == "date" ? "string" : column.Type;

            field.Type.Should().Be(expectedType, column.Name);
            if (column.Type == "date")
            {
                field.Format.Should().Be("date-time", column.Name);
            }
        }
    }

    [Theory]
    [InlineData("BackupPolicy", "dropletId,plan")]
    [InlineData("Backup", "policyName")]
    [InlineData("BackupRestore", "backupName,confirmDropletId")]
    [InlineData("BackupVerification", "backupName,probe")]
    public void Required_spec_fields(string kind, string required)
    {
        var root = Root(Crd(kind));

        root.Required.Should().Equal("spec");
        root.Properties["spec"].Required.Should().Equal(required.Split(','));
        root.Properties["status"].Required.Should().BeNull("the operator fills status step by step");
    }

    [Theory]
    [InlineData("BackupPolicy", ".spec.plan", "Basic,Advanced,Pro")]
    [InlineData("BackupPolicy", ".spec.deletionPolicy", "Delete,Retain")]
    [InlineData("Backup", ".spec.type", "Manual,Automatic")]
    [InlineData("Backup", ".spec.deletionPolicy", "Delete,Retain")]
    [InlineData("Backup", ".status.phase", "Creating,Available,Restoring,Error,Deleting")]
    [InlineData("Backup", ".status.deletionPolicy", "Delete,Retain")]
    [InlineData("Backup", ".status.verification.result", "Passed,Failed")]
    [InlineData("BackupRestore", ".status.phase", "Pending,BackingUp,Restoring,Succeeded,Failed")]
    [InlineData("BackupVerification", ".status.phase", "Pending,Creating,Booting,Probing,Passed,Failed")]
    [InlineData("BackupPolicy", ".status.conditions[0].status", "True,False,Unknown")]
    public void Enums(string kind, string path, string values)
    {
        var field = Resolve(Root(Crd(kind)), path);

        field.Type.Should().Be("string");
        field.EnumProperty.Should().Equal(values.Split(','));
    }

    [Theory]
    [InlineData("BackupPolicy", ".spec.dropletId")]
    [InlineData("Backup", ".spec.policyName")]
    [InlineData("Backup", ".spec.type")]
    [InlineData("BackupRestore", ".spec.backupName")]
    [InlineData("BackupRestore", ".spec.confirmDropletId")]
    public void Immutable_fields_carry_the_self_equals_old_self_rule(string kind, string path)
    {
        var field = Resolve(Root(Crd(kind)), path);

        field.XKubernetesValidations.Should().ContainSingle(r => r.Rule == "self == oldSelf")
            .Which.Message.Should().Contain("immutable");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Only_the_immutable_fields_carry_rules(string kind)
    {
        var withRules = Walk(Root(Crd(kind)), "").Where(n => n.Schema.XKubernetesValidations is not null).Select(n => n.Path);

        withRules.Should().BeEquivalentTo(kind switch
        {
            "BackupPolicy" => [".spec.dropletId", ".spec.verification.probe"],
            "Backup" => [".spec.policyName", ".spec.type"],
            "BackupVerification" => [".spec", ".spec.probe"],
            _ => new[] { ".spec.backupName", ".spec.confirmDropletId" },
        });
    }

    [Theory]
    [InlineData("BackupPolicy", ".spec.timeZone", "\"UTC\"")]
    [InlineData("BackupPolicy", ".spec.expireAfterDays", "90")]
    [InlineData("BackupPolicy", ".spec.suspend", "false")]
    [InlineData("BackupPolicy", ".spec.startingDeadlineMinutes", "360")]
    [InlineData("BackupPolicy", ".spec.deletionPolicy", "\"Delete\"")]
    [InlineData("BackupPolicy", ".spec.credentialsSecretRef.key", "\"token\"")]
    [InlineData("BackupPolicy", ".spec.verification.keepHistory", "3")]
    [InlineData("Backup", ".spec.type", "\"Manual\"")]
    [InlineData("BackupRestore", ".spec.preRestoreBackup", "true")]
    [InlineData("BackupVerification", ".spec.timeoutMinutes", "20")]
    [InlineData("BackupVerification", ".spec.probe.httpGet.path", "\"/\"")]
    [InlineData("BackupVerification", ".spec.probe.httpGet.expectedStatus", "200")]
    public void Defaults(string kind, string path, string json)
    {
        var field = Resolve(Root(Crd(kind)), path);

        System.Text.Json.JsonSerializer.Serialize(field.DefaultProperty).Should().Be(json);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Only_the_documented_fields_have_defaults(string kind)
    {
        var withDefaults = Walk(Root(Crd(kind)), "").Where(n => n.Schema.DefaultProperty is not null).Select(n => n.Path);

        withDefaults.Should().BeEquivalentTo(kind switch
        {
            "BackupPolicy" =>
            [
                ".spec.timeZone", ".spec.expireAfterDays", ".spec.suspend", ".spec.startingDeadlineMinutes",
                ".spec.deletionPolicy", ".spec.credentialsSecretRef.key",
                ".spec.verification.probe.httpGet.path", ".spec.verification.probe.httpGet.expectedStatus", ".spec.verification.keepHistory",
            ],
            "Backup" => [".spec.type"],
            "BackupVerification" => [".spec.timeoutMinutes", ".spec.probe.httpGet.path", ".spec.probe.httpGet.expectedStatus"],
            _ => new[] { ".spec.preRestoreBackup" },
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_default_is_valid_against_its_own_schema(string kind)
    {
        foreach (var (path, schema) in Walk(Root(Crd(kind)), "").Where(n => n.Schema.DefaultProperty is not null))
        {
            var value = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(schema.DefaultProperty));

            StructuralSchemaValidator.Validate(value, schema, path).Should().BeEmpty();
        }
    }

    [Theory]
    [InlineData("BackupPolicy", ".spec.dropletId", 1d, 1e15)]
    [InlineData("BackupPolicy", ".spec.retention.automatic", 1d, 20d)]
    [InlineData("BackupPolicy", ".spec.expireAfterDays", 1d, 90d)]
    [InlineData("BackupPolicy", ".spec.startingDeadlineMinutes", 1d, 10080d)]
    [InlineData("BackupPolicy", ".spec.verification.keepHistory", 1d, 10d)]
    [InlineData("BackupPolicy", ".spec.verification.probe.tcpSocket.port", 1d, 65535d)]
    [InlineData("BackupRestore", ".spec.confirmDropletId", 1d, 1e15)]
    [InlineData("BackupVerification", ".spec.timeoutMinutes", 1d, 180d)]
    [InlineData("BackupVerification", ".spec.probe.tcpSocket.port", 1d, 65535d)]
    [InlineData("BackupVerification", ".spec.probe.httpGet.port", 1d, 65535d)]
    [InlineData("BackupVerification", ".spec.probe.httpGet.expectedStatus", 100d, 599d)]
    public void Bounds(string kind, string path, double? minimum, double? maximum)
    {
        var field = Resolve(Root(Crd(kind)), path);

        field.Type.Should().Be("integer");
        field.Minimum.Should().Be(minimum);
        field.Maximum.Should().Be(maximum);
    }

    /// <summary>
    /// Issue 9: an integer the schema lets through but our types cannot hold made an object undecodable; every integer
    /// and number is therefore bounded on both sides, within what a double holds exactly (docs/kubernetes-runtime.md, "Integer bounds").
    /// </summary>
    [Theory]
    [InlineData("BackupPolicy")]
    [InlineData("Backup")]
    [InlineData("BackupRestore")]
    public void Every_integer_and_number_has_both_bounds(string kind)
    {
        var unbounded = new List<string>();
        void Walk(k8s.Models.V1JSONSchemaProps schema, string path)
        {
            if (schema.Type is "integer" or "number"
                && (schema.Minimum is null || schema.Maximum is null || Math.Abs(schema.Maximum.Value) > 9007199254740991d))
            {
                unbounded.Add(path);
            }

            foreach (var (name, child) in schema.Properties ?? new Dictionary<string, k8s.Models.V1JSONSchemaProps>())
            {
                Walk(child, path + "." + name);
            }

            if (schema.Items is k8s.Models.V1JSONSchemaProps items)
            {
                Walk(items, path + "[]");
            }
        }

        Walk(Root(Crd(kind)), string.Empty);

        unbounded.Should().BeEmpty();
    }

    [Theory]
    [InlineData("BackupPolicy", ".spec.schedule", Patterns.FiveFieldCron)]
    [InlineData("BackupPolicy", ".spec.timeZone", Patterns.IanaTimeZone)]
    [InlineData("BackupPolicy", ".spec.credentialsSecretRef.name", Patterns.Dns1123Subdomain)]
    [InlineData("BackupPolicy", ".spec.deploymentRef.name", Patterns.Dns1123Subdomain)]
    [InlineData("BackupPolicy", ".spec.verification.schedule", Patterns.FiveFieldCron)]
    [InlineData("BackupPolicy", ".spec.verification.size", Patterns.SizeSlug)]
    [InlineData("Backup", ".spec.policyName", Patterns.Dns1123Subdomain)]
    [InlineData("BackupRestore", ".spec.backupName", Patterns.Dns1123Subdomain)]
    [InlineData("BackupVerification", ".spec.backupName", Patterns.Dns1123Subdomain)]
    [InlineData("BackupVerification", ".spec.size", Patterns.SizeSlug)]
    [InlineData("BackupVerification", ".spec.probe.httpGet.path", Patterns.HttpPath)]
    public void Patterns_on_cron_zone_and_names(string kind, string path, string pattern)
    {
        var field = Resolve(Root(Crd(kind)), path);

        field.Pattern.Should().Be(pattern);
        field.MaxLength.Should().NotBeNull("every free string the user writes is bounded");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Conditions_are_a_list_map_keyed_by_type(string kind)
    {
        var conditions = Resolve(Root(Crd(kind)), ".status.conditions");

        conditions.Type.Should().Be("array");
        conditions.XKubernetesListType.Should().Be("map");
        conditions.XKubernetesListMapKeys.Should().Equal("type");
        ((V1JSONSchemaProps)conditions.Items).Required.Should().Contain("type");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_schema_is_structural_and_every_field_is_described(string kind)
    {
        foreach (var (path, schema) in Walk(Root(Crd(kind)), ""))
        {
            schema.Type.Should().BeOneOf(["object", "array", "string", "integer", "number", "boolean"], path);
            if (path != ".metadata")
            {
                schema.Description.Should().NotBeNullOrWhiteSpace($"{path} is documented for kubectl explain");
            }
        }
    }

    [Theory]
    [InlineData("BackupPolicy", ".spec.dropletId", "integer", "int64")]
    [InlineData("BackupPolicy", ".spec.expireAfterDays", "integer", "int32")]
    [InlineData("BackupPolicy", ".spec.suspend", "boolean", null)]
    [InlineData("BackupPolicy", ".status.nextBackupTime", "string", "date-time")]
    [InlineData("BackupPolicy", ".status.estimatedMonthlyCost", "number", null)]
    [InlineData("BackupPolicy", ".status.retention.automatic", "integer", "int32")]
    [InlineData("BackupPolicy", ".status.lastSuccessfulBackup.time", "string", "date-time")]
    [InlineData("BackupPolicy", ".status.counts.available", "integer", "int32")]
    [InlineData("BackupPolicy", ".status.verification.nextVerificationTime", "string", "date-time")]
    [InlineData("BackupPolicy", ".status.verification.lastScheduleTime", "string", "date-time")]
    [InlineData("Backup", ".status.sizeGigabytes", "number", null)]
    [InlineData("Backup", ".status.actionId", "integer", "int64")]
    [InlineData("Backup", ".status.expiresAt", "string", "date-time")]
    [InlineData("Backup", ".status.verifiedAt", "string", "date-time")]
    [InlineData("BackupRestore", ".spec.preRestoreBackup", "boolean", null)]
    [InlineData("BackupRestore", ".status.conditions[0].lastTransitionTime", "string", "date-time")]
    public void Field_types_and_formats(string kind, string path, string type, string? format)
    {
        var field = Resolve(Root(Crd(kind)), path);

        field.Type.Should().Be(type);
        field.Format.Should().Be(format);
    }

    [Theory]
    [InlineData("BackupPolicy", "observedGeneration,conditions,schedule,timeZone,retention,nextBackupTime,lastScheduleTime,lastSnapshotCheckAt,lastSuccessfulBackup,counts,totalSizeGigabytes,estimatedMonthlyCost,verification")]
    [InlineData("BackupVerification", "phase,dropletId,dropletName,size,region,startedAt,bootedAt,completedAt,cleanedUp,probe,dropletSeconds,estimatedCost,reason,message,conditions,observedGeneration")]
    [InlineData("Backup", "phase,dropletId,snapshotName,snapshotId,actionId,region,sizeGigabytes,deletionPolicy,startedAt,completedAt,expiresAt,verifiedAt,verification,reason,message,conditions,observedGeneration")]
    public void Status_has_every_field_of_the_product(string kind, string fields)
    {
        Root(Crd(kind)).Properties["status"].Properties.Keys.Should().Contain(fields.Split(','));
    }

    [Fact]
    public void A_verification_probe_is_exactly_one_of_tcp_or_http_and_the_spec_is_immutable()
    {
        var spec = Resolve(Root(Verification), ".spec");
        var probe = Resolve(Root(Verification), ".spec.probe");

        spec.XKubernetesValidations.Should().ContainSingle().Which.Rule.Should().Be("self == oldSelf");
        probe.XKubernetesValidations.Should().ContainSingle().Which.Rule.Should().Be("has(self.tcpSocket) != has(self.httpGet)");
        Resolve(Root(Verification), ".spec.probe.tcpSocket").Required.Should().Equal("port");
        Resolve(Root(Verification), ".spec.probe.httpGet").Required.Should().Equal("port");

        // The policy's schedule uses the same probe type, with the same rule.
        var policyVerification = Resolve(Root(Crd("BackupPolicy")), ".spec.verification");
        policyVerification.Required.Should().Equal("schedule", "probe");
        Resolve(Root(Crd("BackupPolicy")), ".spec.verification.probe").XKubernetesValidations.Should().ContainSingle()
            .Which.Rule.Should().Be("has(self.tcpSocket) != has(self.httpGet)");
    }

    [Fact]
    public void Policy_counts_have_every_count_of_the_product()
    {
        Resolve(Root(Policy), ".status.counts").Properties.Keys.Should().BeEquivalentTo(
            ["automatic", "manual", "available", "creating", "error", "total"]);
    }

    private static V1CustomResourceDefinition Crd(string kind) => kind switch
    {
        "BackupPolicy" => Policy,
        "Backup" => Backup,
        "BackupRestore" => Restore,
        "BackupVerification" => Verification,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static V1JSONSchemaProps Root(V1CustomResourceDefinition crd) => crd.Spec.Versions[0].Schema.OpenAPIV3Schema;

    private static IEnumerable<string> Columns(V1CustomResourceDefinition crd) =>
        crd.Spec.Versions[0].AdditionalPrinterColumns.Select(c => $"{c.Name} {c.JsonPath} {c.Type} {c.Priority ?? 0}");

    /// <summary>Resolves a printer-column style path: <c>.status.conditions[?(@.type=="Ready")].status</c> or <c>[0]</c>.</summary>
    private static V1JSONSchemaProps Resolve(V1JSONSchemaProps root, string path)
    {
        var schema = root;
        var rest = path;
        while (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                schema.Type.Should().Be("array", path);
                schema = (V1JSONSchemaProps)schema.Items;
                rest = rest[(rest.IndexOf(']', StringComparison.Ordinal) + 1)..];
                continue;
            }

            rest = rest.TrimStart('.');
            var end = rest.IndexOfAny(['.', '[']);
            var name = end < 0 ? rest : rest[..end];
            rest = end < 0 ? "" : rest[end..];
            schema.Properties.Should().ContainKey(name, path);
            schema = schema.Properties[name];
        }

        return schema;
    }

    private static IEnumerable<(string Path, V1JSONSchemaProps Schema)> Walk(V1JSONSchemaProps schema, string path)
    {
        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            var childPath = $"{path}.{name}";
            yield return (childPath, child);
            foreach (var descendant in Walk(child, childPath))
            {
                yield return descendant;
            }

            if (child.Items is V1JSONSchemaProps items)
            {
                yield return ($"{childPath}[0]", items);
                foreach (var descendant in Walk(items, $"{childPath}[0]"))
                {
                    yield return descendant;
                }
            }
        }
    }
}
