using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Backups.Operator.ApiServer.Tests.Infrastructure;

/// <summary>Small helpers to build and read custom objects as JSON through KubernetesClient.</summary>
internal static class CustomObjects
{
    public static JsonObject Policy(string name, string ns = "default", long dropletId = 3164444, string plan = "Pro") => new()
    {
        ["apiVersion"] = $"{TestServers.Group}/{TestServers.CrVersion}",
        ["kind"] = "BackupPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["dropletId"] = dropletId, ["plan"] = plan },
    };

    public static JsonObject Backup(string name, string ns = "default", string policy = "shop") => new()
    {
        ["apiVersion"] = $"{TestServers.Group}/{TestServers.CrVersion}",
        ["kind"] = "Backup",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["policyName"] = policy },
    };

    public static JsonObject ToNode(object value) => JsonNode.Parse(JsonSerializer.Serialize(value))!.AsObject();

    public static async Task<JsonObject> CreateAsync(this IKubernetes client, string plural, JsonObject body, string ns = "default") =>
        ToNode(await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, TestServers.Group, TestServers.CrVersion, ns, plural));

    public static async Task<JsonObject> GetAsync(this IKubernetes client, string plural, string name, string ns = "default") =>
        ToNode(await client.CustomObjects.GetNamespacedCustomObjectAsync(TestServers.Group, TestServers.CrVersion, ns, plural, name));

    public static async Task<JsonObject?> TryGetAsync(this IKubernetes client, string plural, string name, string ns = "default")
    {
        try
        {
            return await client.GetAsync(plural, name, ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<JsonObject> MergePatchAsync(this IKubernetes client, string plural, string name, object patch, string ns = "default") =>
        ToNode(await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), TestServers.Group, TestServers.CrVersion, ns, plural, name));

    public static async Task<JsonObject> MergePatchStatusAsync(this IKubernetes client, string plural, string name, object patch, string ns = "default") =>
        ToNode(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), TestServers.Group, TestServers.CrVersion, ns, plural, name));

    public static async Task DeleteAsync(this IKubernetes client, string plural, string name, string ns = "default", string? propagation = null) =>
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(TestServers.Group, TestServers.CrVersion, ns, plural, name, body: propagation is null ? null : new V1DeleteOptions { PropagationPolicy = propagation });

    public static string ResourceVersionOf(this JsonObject value) => value["metadata"]!["resourceVersion"]!.GetValue<string>();

    public static long Generation(this JsonObject value) => value["metadata"]!["generation"]!.GetValue<long>();

    public static async Task<HttpOperationException> FailsAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (HttpOperationException e)
        {
            return e;
        }

        throw new InvalidOperationException("the request was expected to fail");
    }

    public static JsonObject StatusBody(this HttpOperationException e) => JsonNode.Parse(e.Response.Content)!.AsObject();
}
