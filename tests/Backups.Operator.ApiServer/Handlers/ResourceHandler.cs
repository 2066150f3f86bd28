using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Faults;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Selectors;
using Backups.Operator.ApiServer.Semantics;
using Backups.Operator.ApiServer.Storage;
using Backups.Operator.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>Serves the verbs on resource URLs: list, watch, get, create, update, patch, delete, deletecollection.</summary>
internal sealed class ResourceHandler
{
    private readonly ResourceService _service;
    private readonly ApiServerFaults _faults;
    private readonly WatchStreamer _watches;
    private readonly TimeProvider _time;

    public ResourceHandler(ResourceService service, ApiServerFaults faults, WatchStreamer watches, TimeProvider time)
    {
        _service = service;
        _faults = faults;
        _watches = watches;
        _time = time;
    }

    public async Task HandleAsync(HttpContext context, ApiPath path, CancellationToken cancellationToken)
    {
        var type = _service.Catalog.Find(path.Group, path.Version, path.Plural!)
            ?? throw StatusObjects.NotFound("the server could not find the requested resource");
        var version = type.FindVersion(path.Version)!;
        if (path.Namespace is not null && !type.Namespaced)
        {
            throw StatusObjects.NotFound("the server could not find the requested resource");
        }

        var subresource = path.Subresource switch
        {
            null => Subresource.None,
            "status" when version.HasStatus => Subresource.Status,
            "finalize" when type == BuiltInResources.Namespaces => Subresource.Finalize,
            _ => throw StatusObjects.NotFound("the server could not find the requested resource"),
        };
        var query = new RequestQuery(context.Request);
        var ns = path.Namespace ?? string.Empty;
        var method = context.Request.Method;
        if (path.Name is null)
        {
            if (method == "GET")
            {
                _faults.ThrowIfReadFails(type.Plural);
            }

            switch (method)
            {
                case "GET" when query.Flag("watch"):
                    await _watches.StreamAsync(context, type, version, path.Namespace, query, cancellationToken);
                    return;
                case "GET":
                    await ListAsync(context, type, version, path.Namespace, query, cancellationToken);
                    return;
                case "POST" when type.Namespaced && path.Namespace is null:
                    throw StatusObjects.MethodNotAllowed($"the server does not allow this method on the requested resource (post {type.QualifiedPlural})");
                case "POST":
                {
                    _faults.ThrowIfWriteFails();
                    var options = query.WriteOptions();
                    var created = _service.Create(type, path.Version, ns, await ReadObjectAsync(context, cancellationToken), options);
                    AddWarnings(context, options);
                    await WriteObjectAsync(context, options.DryRun ? 200 : 201, created, type, path.Version, cancellationToken);
                    return;
                }

                case "DELETE":
                    _faults.ThrowIfWriteFails();
                    await DeleteCollectionAsync(context, type, path.Namespace, query, cancellationToken);
                    return;
                default:
                    throw StatusObjects.MethodNotAllowed($"the server does not allow this method on the requested resource ({method.ToLowerInvariant()} {type.QualifiedPlural})");
            }
        }

        switch (method)
        {
            case "GET":
            {
                var item = _service.Get(type, ns, path.Name);
                if (query.WantsTable && subresource == Subresource.None)
                {
                    var table = TableConverter.Table(version, [item], query.IncludeObject, withHeaders: true, new JsonObject { ["resourceVersion"] = item.Metadata.GetString("resourceVersion") }, _time.GetUtcNow());
                    await ResponseWriter.WriteJsonAsync(context, 200, table, cancellationToken);
                    return;
                }

                await WriteObjectAsync(context, 200, item, type, path.Version, cancellationToken);
                return;
            }

            case "PUT":
            {
                _faults.ThrowIfWriteFails();
                var options = query.WriteOptions();
                var updated = _service.Replace(type, path.Version, ns, path.Name, await ReadObjectAsync(context, cancellationToken), subresource, options);
                AddWarnings(context, options);
                await WriteObjectAsync(context, 200, updated, type, path.Version, cancellationToken);
                return;
            }

            case "PATCH" when subresource != Subresource.Finalize:
            {
                _faults.ThrowIfWriteFails();
                var kind = PatchKindOf(context.Request.ContentType);
                var options = query.WriteOptions();
                var patch = await ReadJsonAsync(context, cancellationToken);
                var patched = _service.Patch(type, path.Version, ns, path.Name, kind, patch, subresource, options);
                AddWarnings(context, options);
                await WriteObjectAsync(context, 200, patched, type, path.Version, cancellationToken);
                return;
            }

            case "DELETE" when subresource == Subresource.None:
            {
                _faults.ThrowIfWriteFails();
                var request = await ReadDeleteRequestAsync(context, query, cancellationToken);
                var result = _service.Delete(type, ns, path.Name, request);
                if (result.Removed && !type.ReturnsDeletedObject)
                {
                    await ResponseWriter.WriteJsonAsync(context, 200, StatusObjects.Success(type, path.Name, result.Object.Uid), cancellationToken);
                    return;
                }

                await WriteObjectAsync(context, 200, result.Object, type, path.Version, cancellationToken);
                return;
            }

            default:
                throw StatusObjects.MethodNotAllowed($"the server does not allow this method on the requested resource ({method.ToLowerInvariant()} {type.QualifiedPlural})");
        }
    }

    internal static async Task<JsonNode?> ReadJsonAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            if (Protobuf.ProtobufBodies.IsProtobuf(context.Request.ContentType))
            {
                return Protobuf.ProtobufBodies.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }

            return JsonNode.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length).Span);
        }
        catch (FormatException e)
        {
            throw StatusObjects.UnsupportedMediaType($"{context.Request.ContentType}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw StatusObjects.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, CancellationToken cancellationToken) =>
        await ReadJsonAsync(context, cancellationToken) as JsonObject ?? throw StatusObjects.BadRequest("the request body must be a JSON object");

    private static PatchKind PatchKindOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim() ?? string.Empty;
        return mediaType switch
        {
            "application/merge-patch+json" => PatchKind.Merge,
            "application/strategic-merge-patch+json" => PatchKind.StrategicMerge,
            "application/json-patch+json" => PatchKind.Json,
            _ => throw StatusObjects.UnsupportedMediaType(mediaType),
        };
    }

    private static async Task<DeleteRequest> ReadDeleteRequestAsync(HttpContext context, RequestQuery query, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(context, cancellationToken) as JsonObject;
        var propagation = body?.GetString("propagationPolicy") ?? query["propagationPolicy"];
        if (propagation is null && (body?["orphanDependents"]?.GetValue<bool>() ?? query["orphanDependents"] == "true"))
        {
            propagation = "Orphan";
        }

        if (propagation is not (null or "Background" or "Foreground" or "Orphan"))
        {
            throw StatusObjects.BadRequest($"propagationPolicy must be one of Background, Foreground, Orphan (got {propagation})");
        }

        var dryRun = query["dryRun"] == "All" || (body?["dryRun"] is JsonArray array && array.Any(d => d?.GetValue<string>() == "All"));
        return new DeleteRequest(propagation, body?["preconditions"]?["uid"]?.GetValue<string>(), body?["preconditions"]?["resourceVersion"]?.GetValue<string>(), dryRun);
    }

    private static void AddWarnings(HttpContext context, WriteOptions options)
    {
        foreach (var warning in options.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - {JsonSerializer.Serialize(warning)}");
        }
    }

    private static byte[] Bytes(StoredObject item, ResourceType type, string version)
    {
        if (version == type.StorageVersion)
        {
            return item.Json;
        }

        var copy = item.CloneObject();
        copy["apiVersion"] = type.ApiVersion(version);
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    private static Task WriteObjectAsync(HttpContext context, int status, StoredObject item, ResourceType type, string version, CancellationToken cancellationToken) =>
        ResponseWriter.WriteBytesAsync(context, status, Bytes(item, type, version), cancellationToken);

    private async Task ListAsync(HttpContext context, ResourceType type, ResourceTypeVersion version, string? ns, RequestQuery query, CancellationToken cancellationToken)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var limit = query.Int("limit") ?? 0;
        long? firstRevision = null;
        string? after = null;
        if (query["continue"] is { Length: > 0 } token)
        {
            (var revision, after) = ContinueToken.Decode(token);
            firstRevision = revision;
        }

        var page = _service.Store.List(type.Key, ns, item => labels.Matches(item.Object) && fields.Matches(item.Object), limit, after);
        var revisionText = (firstRevision ?? page.Revision).ToString(CultureInfo.InvariantCulture);
        var metadata = new JsonObject { ["resourceVersion"] = revisionText };
        if (page.NextKey is not null)
        {
            metadata["continue"] = ContinueToken.Encode(firstRevision ?? page.Revision, page.NextKey);
        }

        if (query.WantsTable)
        {
            var table = TableConverter.Table(version, page.Items, query.IncludeObject, withHeaders: query["noHeaders"] != "true", metadata, _time.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(context, 200, table, cancellationToken);
            return;
        }

        await ResponseWriter.WriteListAsync(context, type.ListKind, type.ApiVersion(version.Name), metadata, page.Items.Select(i => Bytes(i, type, version.Name)), cancellationToken);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, string? ns, RequestQuery query, CancellationToken cancellationToken)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var request = await ReadDeleteRequestAsync(context, query, cancellationToken);
        var page = _service.Store.List(type.Key, ns, item => labels.Matches(item.Object) && fields.Matches(item.Object), 0, null);
        var deleted = new List<byte[]>();
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(_service.Delete(type, item.Namespace, item.Name, request).Object.Json);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently: nothing left to do.
            }
        }

        await ResponseWriter.WriteListAsync(context, type.ListKind, type.ApiVersion(type.StorageVersion), new JsonObject { ["resourceVersion"] = _service.Store.Revision.ToString(CultureInfo.InvariantCulture) }, deleted, cancellationToken);
    }
}
