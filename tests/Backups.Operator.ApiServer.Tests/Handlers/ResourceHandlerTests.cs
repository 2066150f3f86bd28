using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Handlers;

public sealed class ResourceHandlerTests
{
    [Fact]
    public async Task Built_in_kinds_round_trip_through_typed_models()
    {
        await using var server = await StartAsync(installCrds: false);
        using var client = server.Client();
        var now = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560);

        var ns = await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["tier"] = "gold" } } });
        var secret = await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "do-token" }, Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("t0k3n") } }, "team-a");
        var configMap = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["a"] = "b" } }, "team-a");
        var coreEvent = await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event { Metadata = new V1ObjectMeta { Name = "e1" }, InvolvedObject = new V1ObjectReference { Kind = "BackupPolicy", Name = "shop", NamespaceProperty = "team-a" }, Reason = "Created", Message = "m", Type = "Normal", Count = 1, FirstTimestamp = now, LastTimestamp = now }, "team-a");
        var newEvent = await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "e2" }, EventTime = now, Regarding = new V1ObjectReference { Kind = "Backup", Name = "b" }, Reason = "Ready", Action = "Snapshot", Note = "n", Type = "Normal", ReportingController = "backups", ReportingInstance = "pod-1" }, "team-a");
        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "pod-1", LeaseDurationSeconds = 15, AcquireTime = now, RenewTime = now, LeaseTransitions = 2 } }, "team-a");
        var deployment = await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment { Metadata = new V1ObjectMeta { Name = "shop" }, Spec = new V1DeploymentSpec { Replicas = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "shop" } }, Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "shop" } }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "shop:1" }] } } } }, "team-a");

        ns.Status.Phase.Should().Be("Active");
        ns.Metadata.Uid.Should().NotBeNullOrEmpty();
        (await client.CoreV1.ReadNamespacedSecretAsync("do-token", "team-a")).Data["token"].Should().Equal(Encoding.UTF8.GetBytes("t0k3n"));
        (await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "team-a")).Data["a"].Should().Be("b");
        (await client.CoreV1.ReadNamespacedEventAsync("e1", "team-a")).InvolvedObject.Name.Should().Be("shop");
        (await client.EventsV1.ReadNamespacedEventAsync("e2", "team-a")).EventTime.Should().Be(now);
        var readLease = await client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "team-a");
        readLease.Spec.RenewTime.Should().Be(now);
        readLease.Spec.LeaseTransitions.Should().Be(2);
        deployment.Metadata.Generation.Should().Be(1);
        secret.Metadata.CreationTimestamp.Should().NotBeNull();
        new[] { secret.Metadata.ResourceVersion, configMap.Metadata.ResourceVersion, coreEvent.Metadata.ResourceVersion, newEvent.Metadata.ResourceVersion, lease.Metadata.ResourceVersion }
            .Select(long.Parse).Should().BeInAscendingOrder();
        var crd = await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(FixtureDirectory("crds"), "backup.platform.dev_backups.yaml"))));
        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");
        (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("backups.backup.platform.dev")).Spec.Names.ShortNames.Should().Equal("bk");
    }

    [Fact]
    public async Task Secrets_get_stringData_folded_into_data_and_the_Opaque_type()
    {
        await using var server = await StartAsync(installCrds: false);
        using var client = server.Client();

        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "do-token" }, StringData = new Dictionary<string, string> { ["token"] = "dop_v1_x" } }, "default");
        var read = await client.CoreV1.ReadNamespacedSecretAsync("do-token", "default");

        read.Type.Should().Be("Opaque");
        read.StringData.Should().BeNull();
        Encoding.UTF8.GetString(read.Data["token"]).Should().Be("dop_v1_x");
    }

    [Fact]
    public async Task MicroTime_fields_without_six_fractional_digits_are_rejected_like_the_real_server()
    {
        await using var server = await StartAsync(installCrds: false);
        using var client = server.Client();
        var wholeSecond = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

        var badEvent = await CustomObjects.FailsAsync(() => client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "e" }, EventTime = wholeSecond, Reason = "R", Action = "A", ReportingController = "c", ReportingInstance = "i", Type = "Normal" }, "default"));
        var badLease = await CustomObjects.FailsAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "me", RenewTime = wholeSecond } }, "default"));
        var incomplete = await CustomObjects.FailsAsync(() => client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "e" }, EventTime = wholeSecond.AddTicks(10), Type = "Normal" }, "default"));

        badEvent.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badEvent.StatusBody()["message"]!.GetValue<string>().Should().Contain("eventTime");
        badLease.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        incomplete.Response.StatusCode.Should().Be((HttpStatusCode)422);
        incomplete.StatusBody()["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Should().BeEquivalentTo("reportingController", "reportingInstance", "action", "reason");
    }

    [Fact]
    public async Task Dry_run_writes_validate_and_answer_without_storing()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var before = server.ResourceVersion;

        var created = CustomObjects.ToNode(await client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomObjects.Policy("shop"), Group, CrVersion, "default", PoliciesPlural, dryRun: "All"));
        var invalid = await CustomObjects.FailsAsync(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(CustomObjects.Policy("gold", plan: "Gold"), Group, CrVersion, "default", PoliciesPlural, dryRun: "All"));

        created["spec"]!["expireAfterDays"]!.GetValue<long>().Should().Be(90);
        invalid.Response.StatusCode.Should().Be((HttpStatusCode)422);
        (await client.TryGetAsync(PoliciesPlural, "shop")).Should().BeNull();
        server.ResourceVersion.Should().Be(before);
    }

    [Fact]
    public async Task Create_answers_409_AlreadyExists_and_generateName_makes_unique_names()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));

        var duplicate = await CustomObjects.FailsAsync(() => client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop")));
        duplicate.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        duplicate.StatusBody()["reason"]!.GetValue<string>().Should().Be("AlreadyExists");

        var generated = CustomObjects.Backup(string.Empty);
        generated["metadata"]!.AsObject().Remove("name");
        generated["metadata"]!["generateName"] = "shop-";
        var first = await client.CreateAsync(BackupsPlural, generated.DeepClone().AsObject());
        var second = await client.CreateAsync(BackupsPlural, generated);
        first["metadata"]!["name"]!.GetValue<string>().Should().StartWith("shop-").And.HaveLength(10);
        second["metadata"]!["name"]!.GetValue<string>().Should().NotBe(first["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_a_409_Conflict()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var created = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        var fresh = created.DeepClone().AsObject();
        fresh["spec"]!["plan"] = "Advanced";
        var updated = CustomObjects.ToNode(await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(fresh, Group, CrVersion, "default", PoliciesPlural, "shop"));

        var stale = created.DeepClone().AsObject();
        stale["spec"]!["plan"] = "Basic";
        var conflict = await CustomObjects.FailsAsync(() => client.CustomObjects.ReplaceNamespacedCustomObjectAsync(stale, Group, CrVersion, "default", PoliciesPlural, "shop"));

        long.Parse(updated.ResourceVersionOf()).Should().BeGreaterThan(long.Parse(created.ResourceVersionOf()));
        conflict.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        conflict.StatusBody()["reason"]!.GetValue<string>().Should().Be("Conflict");
        (await client.GetAsync(PoliciesPlural, "shop"))["spec"]!["plan"]!.GetValue<string>().Should().Be("Advanced");
    }

    [Fact]
    public async Task Generation_moves_on_spec_changes_only_and_no_op_writes_keep_the_resourceVersion()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var created = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));

        var labelled = await client.MergePatchAsync(PoliciesPlural, "shop", new { metadata = new { labels = new { team = "a" } } });
        var statused = await client.MergePatchStatusAsync(PoliciesPlural, "shop", new { status = new { observedGeneration = 1 } });
        var same = await client.MergePatchStatusAsync(PoliciesPlural, "shop", new { status = new { observedGeneration = 1 } });
        var specChanged = await client.MergePatchAsync(PoliciesPlural, "shop", new { spec = new { plan = "Advanced" } });

        created.Generation().Should().Be(1);
        labelled.Generation().Should().Be(1);
        statused.Generation().Should().Be(1);
        same.ResourceVersionOf().Should().Be(statused.ResourceVersionOf());
        specChanged.Generation().Should().Be(2);
    }

    [Fact]
    public async Task Status_subresource_splits_spec_and_status_writes()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var body = CustomObjects.Policy("shop");
        body["status"] = new JsonObject { ["observedGeneration"] = 7 };
        var created = await client.CreateAsync(PoliciesPlural, body);

        var mainWrite = await client.MergePatchAsync(PoliciesPlural, "shop", new { spec = new { plan = "Advanced" }, status = new { observedGeneration = 3 } });
        var statusWrite = await client.MergePatchStatusAsync(PoliciesPlural, "shop", new { spec = new { plan = "Basic" }, status = new { observedGeneration = 2 } });

        created.ContainsKey("status").Should().BeFalse("create cannot set status when the status subresource is enabled");
        mainWrite["spec"]!["plan"]!.GetValue<string>().Should().Be("Advanced");
        mainWrite.ContainsKey("status").Should().BeFalse();
        statusWrite["spec"]!["plan"]!.GetValue<string>().Should().Be("Advanced");
        statusWrite["status"]!["observedGeneration"]!.GetValue<long>().Should().Be(2);
    }

    [Fact]
    public async Task Json_patch_and_strategic_merge_patch_apply_and_apply_patch_is_unsupported()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));

        var jsonPatched = CustomObjects.ToNode(await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/plan","value":"Basic"},{"op":"add","path":"/metadata/labels","value":{"a":"b"}}]""", V1Patch.PatchType.JsonPatch),
            Group, CrVersion, "default", PoliciesPlural, "shop"));
        var strategic = CustomObjects.ToNode(await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new { spec = new { suspend = true } }, V1Patch.PatchType.StrategicMergePatch), Group, CrVersion, "default", PoliciesPlural, "shop"));
        var apply = await CustomObjects.FailsAsync(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"plan":"Pro"}}""", V1Patch.PatchType.ApplyPatch), Group, CrVersion, "default", PoliciesPlural, "shop", fieldManager: "test"));

        jsonPatched["spec"]!["plan"]!.GetValue<string>().Should().Be("Basic");
        jsonPatched["metadata"]!["labels"]!["a"]!.GetValue<string>().Should().Be("b");
        strategic["spec"]!["suspend"]!.GetValue<bool>().Should().BeTrue();
        strategic["spec"]!["plan"]!.GetValue<string>().Should().Be("Basic");
        apply.Response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Delete_with_a_finalizer_keeps_the_object_until_the_last_finalizer_goes()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var body = CustomObjects.Backup("b1");
        body["metadata"]!["finalizers"] = new JsonArray("backup.platform.dev/snapshot-cleanup");
        await client.CreateAsync(BackupsPlural, body);

        await client.DeleteAsync(BackupsPlural, "b1");
        var deleting = await client.GetAsync(BackupsPlural, "b1");
        var addFinalizer = await CustomObjects.FailsAsync(() => client.MergePatchAsync(BackupsPlural, "b1", new { metadata = new { finalizers = new[] { "backup.platform.dev/snapshot-cleanup", "other/x" } } }));
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch), Group, CrVersion, "default", BackupsPlural, "b1");

        deleting["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        deleting.Generation().Should().Be(2);
        addFinalizer.Response.StatusCode.Should().Be((HttpStatusCode)422);
        addFinalizer.StatusBody()["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("metadata.finalizers");
        (await client.TryGetAsync(BackupsPlural, "b1")).Should().BeNull();
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selectors_and_pages_with_limit_and_continue()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        for (var i = 0; i < 7; i++)
        {
            var body = CustomObjects.Backup($"b{i}");
            body["metadata"]!["labels"] = new JsonObject { ["tier"] = i % 2 == 0 ? "even" : "odd", ["idx"] = i.ToString() };
            await client.CreateAsync(BackupsPlural, body);
        }

        var even = await List(client, labelSelector: "tier=even");
        var setBased = await List(client, labelSelector: "tier in (odd),idx notin (1,3),!missing");
        var byName = await List(client, fieldSelector: "metadata.name=b4");
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = CustomObjects.ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural, limit: 3, continueParameter: token));
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        even.Should().Equal("b0", "b2", "b4", "b6");
        setBased.Should().Equal("b5");
        byName.Should().Equal("b4");
        pages.Should().Be(3);
        names.Should().Equal("b0", "b1", "b2", "b3", "b4", "b5", "b6");
    }

    [Fact]
    public async Task Namespaced_creates_need_an_existing_namespace_that_is_not_terminating()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var missing = await CustomObjects.FailsAsync(() => client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop", "nowhere"), "nowhere"));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-b" } });
        var body = CustomObjects.Backup("pinned", "team-b");
        body["metadata"]!["finalizers"] = new JsonArray("test/hold");
        await client.CreateAsync(BackupsPlural, body, "team-b");
        await client.CoreV1.DeleteNamespaceAsync("team-b");

        var terminating = await CustomObjects.FailsAsync(() => client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop", "team-b"), "team-b"));

        missing.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        terminating.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        terminating.StatusBody()["message"]!.GetValue<string>().Should().Contain("because it is being terminated");
    }

    private static async Task<List<string>> List(IKubernetes client, string? labelSelector = null, string? fieldSelector = null)
    {
        var list = CustomObjects.ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural, labelSelector: labelSelector, fieldSelector: fieldSelector));
        return [.. list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
    }
}
