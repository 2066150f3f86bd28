using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Tests.Validation;
using k8s;

namespace Backups.Operator.Api.Tests.Contract;

/// <summary>
/// The contract types read and write the JSON of docs/design.md: its field names, enums as strings, timestamps as
/// RFC 3339 UTC with a Z, whether written with plain System.Text.Json or with KubernetesClient's serializer.
/// </summary>
public sealed class ContractJsonTests
{
    private static readonly DateTimeOffset Tick = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Strict = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    [Fact]
    public void The_policy_of_the_product_document_reads_field_by_field()
    {
        var spec = FromYaml<BackupPolicySpec>("""
            dropletId: 3164444
            plan: Pro
            schedule: "0 3 * * *"
            timeZone: UTC
            retention:
              automatic: 7
            expireAfterDays: 90
            suspend: false
            startingDeadlineMinutes: 360
            deletionPolicy: Delete
            credentialsSecretRef:
              name: do-token
              key: token
            deploymentRef:
              apiVersion: apps/v1
              kind: Deployment
              name: shop
            """);

        spec.Should().BeEquivalentTo(new BackupPolicySpec
        {
            DropletId = 3164444,
            Plan = Plan.Pro,
            Schedule = "0 3 * * *",
            TimeZone = "UTC",
            Retention = new RetentionSpec { Automatic = 7 },
            ExpireAfterDays = 90,
            Suspend = false,
            StartingDeadlineMinutes = 360,
            DeletionPolicy = DeletionPolicy.Delete,
            CredentialsSecretRef = new SecretKeyReference { Name = "do-token", Key = "token" },
            DeploymentRef = new DeploymentReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "shop" },
        });
    }

    [Fact]
    public void The_backup_and_restore_of_the_product_document_read()
    {
        FromYaml<BackupSpec>("policyName: shop\ntype: Manual\ndeletionPolicy: Delete\ndescription: before upgrading to v2")
            .Should().BeEquivalentTo(new BackupSpec
            {
                PolicyName = "shop",
                Type = BackupType.Manual,
                DeletionPolicy = DeletionPolicy.Delete,
                Description = "before upgrading to v2",
            });

        FromYaml<BackupRestoreSpec>("backupName: shop-20261125-0300\nconfirmDropletId: 3164444\npreRestoreBackup: true")
            .Should().BeEquivalentTo(new BackupRestoreSpec { BackupName = "shop-20261125-0300", ConfirmDropletId = 3164444, PreRestoreBackup = true });
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Enums_are_written_as_their_names(string serializer)
    {
        var json = Serialize(serializer, new BackupStatus { Phase = BackupPhase.Available, DeletionPolicy = DeletionPolicy.Retain });

        json["phase"]!.GetValue<string>().Should().Be("Available");
        json["deletionPolicy"]!.GetValue<string>().Should().Be("Retain");
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Timestamps_are_written_in_utc_with_a_z(string serializer)
    {
        var berlin = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.FromHours(1));
        var json = Serialize(serializer, new BackupPolicyStatus
        {
            NextBackupTime = berlin,
            LastScheduleTime = Tick,
            LastSnapshotCheckAt = berlin.AddMinutes(30),
            LastSuccessfulBackup = new BackupReference { Name = "shop-20261125-0300", Time = Tick.AddMinutes(7) },
            Conditions = [new Condition { Type = "Ready", Status = "True", LastTransitionTime = Tick, Reason = "Reconciled", Message = "" }],
        });

        json["nextBackupTime"]!.GetValue<string>().Should().Be("2026-11-25T03:00:00Z");
        json["lastScheduleTime"]!.GetValue<string>().Should().Be("2026-11-25T03:00:00Z");
        json["lastSnapshotCheckAt"]!.GetValue<string>().Should().Be("2026-11-25T03:30:00Z");
        json["lastSuccessfulBackup"]!["time"]!.GetValue<string>().Should().Be("2026-11-25T03:07:00Z");
        json["conditions"]![0]!["lastTransitionTime"]!.GetValue<string>().Should().Be("2026-11-25T03:00:00Z");
    }

    [Fact]
    public void KubernetesClient_leaves_nulls_out()
    {
        var json = KubernetesJson.Serialize(new BackupStatus { Phase = BackupPhase.Creating });

        json.Should().Be("{\"phase\":\"Creating\"}");
    }

    [Fact]
    public void Plain_System_Text_Json_writes_nulls_and_reads_them_back_as_null()
    {
        var json = JsonSerializer.Serialize(new BackupRestoreStatus { Phase = RestorePhase.Pending });

        JsonNode.Parse(json)!["completedAt"].Should().BeNull();
        JsonSerializer.Deserialize<BackupRestoreStatus>(json).Should().BeEquivalentTo(new BackupRestoreStatus { Phase = RestorePhase.Pending });
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void A_full_backup_status_round_trips(string serializer)
    {
        var status = new BackupStatus
        {
            Phase = BackupPhase.Error,
            DropletId = 3164444,
            SnapshotName = "team-a-shop-before-v2-1f2e3d4c",
            SnapshotId = "184371553",
            ActionId = 2209881221,
            Region = "fra1",
            SizeGigabytes = 2.36,
            DeletionPolicy = DeletionPolicy.Delete,
            StartedAt = Tick,
            CompletedAt = Tick.AddMinutes(61),
            ExpiresAt = Tick.AddDays(90),
            Reason = Reasons.Timeout,
            Message = "The snapshot took longer than 60 minutes.",
            Conditions = [new Condition { Type = ConditionTypes.Slow, Status = ConditionStatus.True, ObservedGeneration = 1, LastTransitionTime = Tick.AddMinutes(20), Reason = "Slow", Message = "Over 20 minutes." }],
            ObservedGeneration = 1,
        };

        var read = RoundTrip(serializer, status);

        read.Should().BeEquivalentTo(status);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void A_full_policy_status_round_trips(string serializer)
    {
        var status = new BackupPolicyStatus
        {
            ObservedGeneration = 3,
            Schedule = "0 3 * * *",
            TimeZone = "Europe/Berlin",
            Retention = new RetentionSpec { Automatic = 7 },
            NextBackupTime = Tick.AddDays(1),
            LastScheduleTime = Tick,
            LastSuccessfulBackup = new BackupReference { Name = "shop-20261125-0300", Time = Tick.AddMinutes(6) },
            Counts = new BackupCounts { Automatic = 7, Manual = 1, Available = 7, Creating = 1, Error = 0, Total = 8 },
            TotalSizeGigabytes = 50,
            EstimatedMonthlyCost = 3,
            Conditions = [new Condition { Type = ConditionTypes.BackupsAvailable, Status = ConditionStatus.True, LastTransitionTime = Tick, Reason = "PlanEligible", Message = "" }],
        };

        RoundTrip(serializer, status).Should().BeEquivalentTo(status);
    }

    [Fact]
    public void A_verification_spec_reads_with_either_probe()
    {
        FromYaml<BackupVerificationSpec>("backupName: shop-before-v2\nsize: s-1vcpu-1gb\ntimeoutMinutes: 15\nprobe:\n  httpGet:\n    port: 80\n    path: /healthz\n    expectedStatus: 204")
            .Should().BeEquivalentTo(new BackupVerificationSpec
            {
                BackupName = "shop-before-v2",
                Size = "s-1vcpu-1gb",
                TimeoutMinutes = 15,
                Probe = new VerificationProbe { HttpGet = new HttpGetProbe { Port = 80, Path = "/healthz", ExpectedStatus = 204 } },
            });
        FromYaml<BackupVerificationSpec>("backupName: shop-before-v2\nprobe:\n  tcpSocket:\n    port: 22")
            .Probe.TcpSocket!.Port.Should().Be(22);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void A_full_verification_status_round_trips(string serializer)
    {
        var status = new BackupVerificationStatus
        {
            Phase = VerificationPhase.Passed,
            SnapshotId = "184371553",
            DropletName = "bkv-team-a-shop-check-1f2e3d4c",
            DropletId = 3170001,
            Size = "s-1vcpu-1gb",
            Region = "fra1",
            Address = "127.0.0.1:41234",
            StartedAt = Tick,
            BootedAt = Tick.AddSeconds(55),
            CompletedAt = Tick.AddSeconds(61),
            CleanedUp = true,
            Probe = new VerificationProbeResult { Succeeded = true, Attempts = 2, Detail = "HTTP 200", LastAttemptAt = Tick.AddSeconds(60) },
            DropletSeconds = 62,
            EstimatedCost = 0.01,
            Reason = "ProbePassed",
            Message = "The snapshot booted and answered the probe.",
            ObservedGeneration = 1,
        };

        RoundTrip(serializer, status).Should().BeEquivalentTo(status);
        Serialize(serializer, status)["phase"]!.GetValue<string>().Should().Be("Passed");
    }

    [Fact]
    public void An_unknown_enum_value_is_rejected()
    {
        var act = () => JsonSerializer.Deserialize<BackupPolicySpec>("{\"dropletId\":1,\"plan\":\"Gold\"}");

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Every_json_name_of_the_contract_is_the_product_name()
    {
        var names = JsonNode.Parse(JsonSerializer.Serialize(new BackupRestoreStatus()))!.AsObject().Select(p => p.Key);

        names.Should().Equal("phase", "dropletId", "snapshotId", "safetyBackupName", "actionId", "startedAt", "completedAt", "reason", "message", "conditions", "observedGeneration");
    }

    public static TheoryData<string> Serializers => ["System.Text.Json", "KubernetesJson"];

    private static JsonObject Serialize(string serializer, object value) => JsonNode.Parse(serializer == "KubernetesJson"
        ? KubernetesJson.Serialize(value)
        : JsonSerializer.Serialize(value))!.AsObject();

    private static T RoundTrip<T>(string serializer, T value) => serializer == "KubernetesJson"
        ? KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value))
        : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;

    private static T FromYaml<T>(string yaml) => YamlDocuments.Parse(yaml).Single().Deserialize<T>(Strict)!;
}
