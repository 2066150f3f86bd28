using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Resources;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>
/// OpenAPI v3 documents per group-version. Each item path carries a <c>patch</c> operation with
/// <c>x-kubernetes-group-version-kind</c> and a <c>fieldValidation</c> query parameter, which is what makes
/// kubectl leave strict validation to this server. CRD kinds also get their schema under <c>components</c>.
/// </summary>
internal sealed class OpenApiDocuments
{
    private readonly ResourceCatalog _catalog;
    private readonly object _gate = new();
    private long _generation = -1;
    private Dictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private byte[] _root = [];

    public OpenApiDocuments(ResourceCatalog catalog) => _catalog = catalog;

    public byte[] Root()
    {
        Refresh();
        return _root;
    }

    /// <summary>The document for "api/v1" or "apis/{group}/{version}", or null.</summary>
    public byte[]? Document(string groupVersionPath)
    {
        Refresh();
        lock (_gate)
        {
            return _documents.GetValueOrDefault(groupVersionPath);
        }
    }

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject Build(string group, string version, IEnumerable<ResourceType> types)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            var gvk = new JsonObject { ["group"] = type.Group, ["version"] = version, ["kind"] = type.Kind };
            var prefix = "/" + GroupVersionPath(group, version) + (type.Namespaced ? "/namespaces/{namespace}" : string.Empty) + "/" + type.Plural;
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(PathParameter("name")),
                ["get"] = Operation("read", type, gvk, withFieldValidation: false),
                ["put"] = Operation("replace", type, gvk, withFieldValidation: true),
                ["patch"] = Operation("patch", type, gvk, withFieldValidation: true),
                ["delete"] = Operation("delete", type, gvk, withFieldValidation: false),
            };
            paths[prefix] = new JsonObject
            {
                ["get"] = Operation("list", type, gvk, withFieldValidation: false),
                ["post"] = Operation("create", type, gvk, withFieldValidation: true),
            };
            if (type.FindVersion(version)?.HasStatus == true)
            {
                paths[prefix + "/{name}/status"] = new JsonObject
                {
                    ["get"] = Operation("read", type, gvk, withFieldValidation: false),
                    ["put"] = Operation("replace", type, gvk, withFieldValidation: true),
                    ["patch"] = Operation("patch", type, gvk, withFieldValidation: true),
                };
            }

            if (type.FindVersion(version)?.Schema is { } schema)
            {
                var component = schema.Source.DeepClone().AsObject();
                component["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
                schemas[ComponentName(type, version)] = component;
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (local sandbox API server)", ["version"] = DiscoveryDocuments.ServerVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string ComponentName(ResourceType type, string version) =>
        string.Join('.', type.Group.Split('.').Reverse()) + "." + version + "." + type.Kind;

    private static JsonObject Operation(string action, ResourceType type, JsonObject gvk, bool withFieldValidation)
    {
        var parameters = new JsonArray();
        if (withFieldValidation)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "fieldValidation",
                ["in"] = "query",
                ["description"] = "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
            parameters.Add(new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
            parameters.Add(new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
        }

        return new JsonObject
        {
            ["operationId"] = action + type.Kind,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }

    private static JsonObject PathParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private void Refresh()
    {
        var generation = _catalog.Generation;
        lock (_gate)
        {
            if (generation == _generation)
            {
                return;
            }

            var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var rootPaths = new JsonObject();
            var groupVersions = _catalog.All
                .SelectMany(t => t.Versions.Where(v => v.Served).Select(v => (t.Group, Version: v.Name)))
                .Distinct()
                .OrderBy(gv => gv.Group, StringComparer.Ordinal);
            foreach (var (group, version) in groupVersions)
            {
                var types = _catalog.All.Where(t => t.Group == group && t.FindVersion(version) is not null);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(Build(group, version, types));
                var key = GroupVersionPath(group, version);
                documents[key] = bytes;
                var hash = Convert.ToHexString(SHA256.HashData(bytes))[..32];
                rootPaths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }

            _documents = documents;
            _root = Encoding.UTF8.GetBytes(new JsonObject { ["paths"] = rootPaths }.ToJsonString());
            _generation = generation;
        }
    }
}
