using System.Net;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Controllers;

public sealed class ClusterControllersTests
{
    [Fact]
    public async Task Background_deletion_collects_dependents_through_their_owner_references()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var policy = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        await client.CreateAsync(BackupsPlural, OwnedBackup("b1", policy));
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("unowned"));

        await client.DeleteAsync(PoliciesPlural, "shop");

        await EventuallyAsync(async () => await client.TryGetAsync(BackupsPlural, "b1") is null, "the dependent to be collected");
        (await client.TryGetAsync(BackupsPlural, "unowned")).Should().NotBeNull();
    }

    [Fact]
    public async Task Owner_references_to_another_namespace_or_a_missing_owner_are_dangling_and_collected()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-b" } });
        var foreignOwner = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop", "team-b"), "team-b");
        var localOwner = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        await client.CreateAsync(BackupsPlural, OwnedBackup("cross-namespace", foreignOwner));
        var twoOwners = OwnedBackup("two-owners", localOwner);
        twoOwners["metadata"]!["ownerReferences"]!.AsArray().Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "gone", ["uid"] = "00000000-0000-0000-0000-000000000000" });
        await client.CreateAsync(BackupsPlural, twoOwners);

        await EventuallyAsync(async () => await client.TryGetAsync(BackupsPlural, "cross-namespace") is null, "the dependent of an owner in another namespace to be collected");
        await EventuallyAsync(async () => (await client.GetAsync(BackupsPlural, "two-owners"))["metadata"]!["ownerReferences"]!.AsArray().Count == 1, "the dangling reference to be dropped");
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_dependents_are_gone()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var policy = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        var dependent = OwnedBackup("b1", policy);
        dependent["metadata"]!["finalizers"] = new JsonArray("backup.platform.dev/snapshot-cleanup");
        await client.CreateAsync(BackupsPlural, dependent);

        await client.DeleteAsync(PoliciesPlural, "shop", propagation: "Foreground");
        await EventuallyAsync(async () => (await client.GetAsync(BackupsPlural, "b1"))["metadata"]!["deletionTimestamp"] is not null, "the dependent to be deleting");
        var owner = await client.GetAsync(PoliciesPlural, "shop");
        await client.MergePatchAsync(BackupsPlural, "b1", """{"metadata":{"finalizers":null}}""");

        owner["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Contain("foregroundDeletion");
        await EventuallyAsync(async () => await client.TryGetAsync(PoliciesPlural, "shop") is null, "the owner to go after its dependent");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var policy = await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        await client.CreateAsync(BackupsPlural, OwnedBackup("b1", policy));

        await client.DeleteAsync(PoliciesPlural, "shop", propagation: "Orphan");

        await EventuallyAsync(async () => await client.TryGetAsync(PoliciesPlural, "shop") is null, "the owner to go");
        var orphan = await client.GetAsync(BackupsPlural, "b1");
        orphan["metadata"]!["ownerReferences"].Should().BeNull();
    }

    [Fact]
    public async Task Namespace_deletion_empties_the_namespace_honouring_finalizers_before_it_disappears()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "do-token" }, StringData = new Dictionary<string, string> { ["token"] = "x" } }, "team-a");
        var held = CustomObjects.Backup("held", "team-a");
        held["metadata"]!["finalizers"] = new JsonArray("backup.platform.dev/snapshot-cleanup");
        await client.CreateAsync(BackupsPlural, held, "team-a");

        await client.CoreV1.DeleteNamespaceAsync("team-a");
        await EventuallyAsync(async () => (await client.CoreV1.ListNamespacedSecretAsync("team-a")).Items.Count == 0, "the secret to be deleted");
        await EventuallyAsync(async () => (await client.GetAsync(BackupsPlural, "held", "team-a"))["metadata"]!["deletionTimestamp"] is not null, "the backup to be deleting");
        var terminating = await client.CoreV1.ReadNamespaceAsync("team-a");
        await client.MergePatchAsync(BackupsPlural, "held", """{"metadata":{"finalizers":null}}""", "team-a");

        terminating.Status.Phase.Should().Be("Terminating");
        await EventuallyAsync(async () => !(await client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == "team-a"), "the namespace to disappear");
    }

    [Fact]
    public async Task Deleting_a_CRD_deletes_its_objects_and_stops_serving_the_kind()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b1"));

        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("backups.backup.platform.dev");

        await EventuallyAsync(async () =>
        {
            try
            {
                await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("backups.backup.platform.dev");
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }, "the CRD to go");
        var gone = await CustomObjects.FailsAsync(() => client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural));
        gone.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var groupResources = await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", PoliciesPlural);
        groupResources.Should().NotBeNull();
    }

    private static JsonObject OwnedBackup(string name, JsonObject policy)
    {
        var body = CustomObjects.Backup(name);
        body["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = $"{Group}/{CrVersion}",
            ["kind"] = "BackupPolicy",
            ["name"] = policy["metadata"]!["name"]!.GetValue<string>(),
            ["uid"] = policy["metadata"]!["uid"]!.GetValue<string>(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return body;
    }
}
