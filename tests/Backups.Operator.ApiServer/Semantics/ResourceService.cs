using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Patching;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Storage;

namespace Backups.Operator.ApiServer.Semantics;

/// <summary>
/// The write semantics of the API server (create, update, patch, delete, status subresource, finalizers,
/// generation, schemas) on top of the <see cref="ObjectStore"/>. Used by the HTTP handlers and the controllers.
/// </summary>
internal sealed class ResourceService
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";
    public const string NamespaceFinalizer = "kubernetes";
    public const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly TimeProvider _time;

    public ResourceService(ObjectStore store, ResourceCatalog catalog, TimeProvider time)
    {
        _store = store;
        _catalog = catalog;
        _time = time;
    }

    public ObjectStore Store => _store;

    public ResourceCatalog Catalog => _catalog;

    public string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static ObjectAddress Address(ResourceType type, string ns, string name) => new(type.Key, type.Namespaced ? ns : string.Empty, name);

    public StoredObject Get(ResourceType type, string ns, string name) =>
        _store.Get(Address(type, ns, name)) ?? throw StatusObjects.NotFound(type, name);

    public StoredObject Create(ResourceType type, string version, string ns, JsonObject body, WriteOptions options)
    {
        NormalizeTypeMeta(type, version, body);
        var metadata = body.EnsureMetadata();
        ns = ApplyNamespace(type, ns, metadata);
        var name = metadata.GetString("name");
        if (string.IsNullOrEmpty(name))
        {
            var prefix = metadata.GetString("generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw StatusObjects.Invalid(type, string.Empty, [new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
            }

            name = ObjectNames.Generate(prefix);
            metadata["name"] = name;
        }

        IReadOnlyList<FieldError> metadataErrors = type.NameIsPathSegment
            ? ObjectNames.ValidatePathSegment(name) is { } segmentError ? [segmentError] : []
            : ObjectNames.Validate(name, type.NameIsDnsLabel);
        metadataErrors = [.. metadataErrors, .. ObjectMetaValidation.Validate(metadata)];
        if (metadataErrors.Count > 0)
        {
            throw StatusObjects.Invalid(type, name, metadataErrors);
        }

        if (type.Namespaced)
        {
            var owner = _store.Get(new ObjectAddress(BuiltInResources.Namespaces.Key, string.Empty, ns))
                ?? throw StatusObjects.NotFound(BuiltInResources.Namespaces, ns);
            if (owner.IsDeleting)
            {
                throw StatusObjects.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated", "NamespaceTerminating");
            }
        }

        var now = Now();
        ResourceType? definedType = null;
        if (type == BuiltInResources.Namespaces)
        {
            body["spec"] = new JsonObject { ["finalizers"] = new JsonArray(NamespaceFinalizer) };
            body["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type == BuiltInResources.CustomResourceDefinitions)
        {
            definedType = ReadDefinition(type, name, body);
            body["status"] = CustomResourceDefinitionReader.AcceptedStatus(body, now);
        }
        else if (type.HasStatus && !type.CreateKeepsStatus)
        {
            body.Remove("status");
        }

        ApplyBuiltInDefaults(type, body);
        BuiltInValidation.Validate(type, body, version);
        ApplySchema(type, version, body, null, options);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = now;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("resourceVersion");
        metadata.Remove("selfLink");
        metadata.Remove("managedFields");
        if (type.TracksGeneration)
        {
            metadata["generation"] = 1L;
        }
        else
        {
            metadata.Remove("generation");
        }

        var address = Address(type, ns, name);
        if (options.DryRun)
        {
            return _store.Get(address) is null ? new StoredObject(body, _store.Revision) : throw StatusObjects.AlreadyExists(type, name);
        }

        var result = _store.Mutate(
            address,
            current => current is null ? Mutation.Put(body) : throw StatusObjects.AlreadyExists(type, name),
            (_, _) =>
            {
                if (definedType is not null)
                {
                    _catalog.AddOrReplace(definedType);
                }
            });
        return result!.Object;
    }

    public StoredObject Replace(ResourceType type, string version, string ns, string name, JsonObject body, Subresource subresource, WriteOptions options)
    {
        NormalizeTypeMeta(type, version, body);
        var metadata = body.EnsureMetadata();
        var bodyName = metadata.GetString("name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw StatusObjects.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        metadata["name"] = name;
        ApplyNamespace(type, ns, metadata);
        return Write(type, Address(type, ns, name), options, current =>
        {
            var requested = metadata.GetString("resourceVersion");
            if (!string.IsNullOrEmpty(requested) && requested != current.Metadata.GetString("resourceVersion"))
            {
                throw StatusObjects.StaleResourceVersion(type, name);
            }

            return ComputeUpdate(type, version, current, body, subresource, options);
        });
    }

    public StoredObject Patch(ResourceType type, string version, string ns, string name, PatchKind kind, JsonNode? patch, Subresource subresource, WriteOptions options)
    {
        return Write(type, Address(type, ns, name), options, current =>
        {
            JsonNode? patched = kind == PatchKind.Json
                ? JsonPatch.Apply(current.CloneObject(), patch)
                : JsonMergePatch.Apply(current.CloneObject(), patch);
            if (patched is not JsonObject proposed)
            {
                throw StatusObjects.BadRequest("the patch did not produce an object");
            }

            var metadata = proposed.EnsureMetadata();
            if (metadata.GetString("resourceVersion") is { Length: > 0 } requested && requested != current.Metadata.GetString("resourceVersion"))
            {
                throw StatusObjects.StaleResourceVersion(type, name);
            }

            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = current.Namespace;
            }

            NormalizeTypeMeta(type, version, proposed, strict: false);
            return ComputeUpdate(type, version, current, proposed, subresource, options);
        });
    }

    /// <summary>Deletes an object: immediately, or by setting deletionTimestamp while finalizers remain.</summary>
    public MutationResult Delete(ResourceType type, string ns, string name, DeleteRequest request)
    {
        var address = Address(type, ns, name);
        Mutation Decide(StoredObject? current)
        {
            if (current is null)
            {
                throw StatusObjects.NotFound(type, name);
            }

            if (request.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw StatusObjects.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.Metadata.GetString("resourceVersion"))
            {
                throw StatusObjects.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.Metadata.GetString("resourceVersion")}");
            }

            var next = current.CloneObject();
            var metadata = next.EnsureMetadata();
            var finalizers = current.Finalizers.ToList();
            var propagation = request.PropagationPolicy;
            if (propagation == "Orphan" && !finalizers.Contains(OrphanFinalizer))
            {
                finalizers.Add(OrphanFinalizer);
            }
            else if (propagation == "Foreground" && !finalizers.Contains(ForegroundFinalizer))
            {
                finalizers.Add(ForegroundFinalizer);
            }

            if (type == BuiltInResources.CustomResourceDefinitions && !current.IsDeleting && !finalizers.Contains(CrdCleanupFinalizer))
            {
                finalizers.Add(CrdCleanupFinalizer);
            }

            var blockedBySpec = type == BuiltInResources.Namespaces && next["spec"]?["finalizers"] is JsonArray { Count: > 0 };
            if (finalizers.Count == 0 && !blockedBySpec)
            {
                return Mutation.Remove;
            }

            var finalizersChanged = !finalizers.SequenceEqual(current.Finalizers);
            if (current.IsDeleting && !finalizersChanged)
            {
                return Mutation.Keep;
            }

            metadata["finalizers"] = finalizers.Count == 0 ? null : new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
            if (finalizers.Count == 0)
            {
                metadata.Remove("finalizers");
            }

            if (!current.IsDeleting)
            {
                metadata["deletionTimestamp"] = Now();
                metadata["deletionGracePeriodSeconds"] = 0L;
                if (type.TracksGeneration && metadata["generation"] is JsonValue generation)
                {
                    metadata["generation"] = JsonNumbers.ToInt64(generation) + 1;
                }

                if (type == BuiltInResources.Namespaces)
                {
                    next["status"] = new JsonObject { ["phase"] = "Terminating" };
                }
                else if (type == BuiltInResources.CustomResourceDefinitions && next["status"]?["conditions"] is JsonArray conditions)
                {
                    conditions.Add(CustomResourceDefinitionReader.Condition("Terminating", "True", "InstanceDeletionPending", "CustomResourceDefinition marked for deletion; instances are being deleted", Now()));
                }
            }

            return Mutation.Put(next);
        }

        if (request.DryRun)
        {
            var current = _store.Get(address);
            var mutation = Decide(current);
            return new MutationResult(mutation is Mutation.PutMutation put ? new StoredObject(put.Value, current!.ResourceVersion) : current!, mutation is Mutation.RemoveMutation, false);
        }

        var result = _store.Mutate(address, Decide)!;
        AfterCommit(type, result);
        return result;
    }

    /// <summary>A system write (controllers): modifies the current object; nothing happens if it is gone.</summary>
    public MutationResult? Modify(ObjectAddress address, Func<JsonObject, bool> modify)
    {
        var type = _catalog.FindByKey(address.ResourceKey);
        if (type is null)
        {
            return null;
        }

        var result = _store.Mutate(address, current =>
        {
            if (current is null)
            {
                return Mutation.Keep;
            }

            var next = current.CloneObject();
            return modify(next) ? FinishUpdate(type, current, next) : Mutation.Keep;
        });
        if (result is not null)
        {
            AfterCommit(type, result);
        }

        return result;
    }

    /// <summary>Removes the CRD's kind from service once the CRD object itself is gone.</summary>
    private void AfterCommit(ResourceType type, MutationResult result)
    {
        if (result.Removed && type == BuiltInResources.CustomResourceDefinitions)
        {
            var spec = result.Object.Object["spec"];
            var key = $"{spec?["group"]?.GetValue<string>()}/{spec?["names"]?["plural"]?.GetValue<string>()}";
            _catalog.Remove(key);
            _store.RemoveResource(key);
        }
    }

    private StoredObject Write(ResourceType type, ObjectAddress address, WriteOptions options, Func<StoredObject, Mutation> decide)
    {
        Mutation Checked(StoredObject? current) => current is null ? throw StatusObjects.NotFound(type, address.Name) : decide(current);

        if (options.DryRun)
        {
            var current = _store.Get(address);
            return Checked(current) is Mutation.PutMutation put ? new StoredObject(put.Value, current!.ResourceVersion) : current!;
        }

        ResourceType? definedType = null;
        var result = _store.Mutate(
            address,
            current =>
            {
                var mutation = Checked(current);
                if (type == BuiltInResources.CustomResourceDefinitions && mutation is Mutation.PutMutation put)
                {
                    definedType = ReadDefinition(type, address.Name, put.Value);
                }

                return mutation;
            },
            (_, removed) =>
            {
                if (definedType is not null && !removed)
                {
                    _catalog.AddOrReplace(definedType);
                }
            })!;
        AfterCommit(type, result);
        return result.Object;
    }

    private Mutation ComputeUpdate(ResourceType type, string version, StoredObject current, JsonObject proposed, Subresource subresource, WriteOptions options)
    {
        JsonObject next;
        if (subresource == Subresource.Status)
        {
            next = current.CloneObject();
            if (proposed["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        else if (subresource == Subresource.Finalize)
        {
            next = current.CloneObject();
            var spec = next["spec"] as JsonObject ?? new JsonObject();
            spec["finalizers"] = proposed["spec"]?["finalizers"]?.DeepClone();
            next["spec"] = spec;
        }
        else
        {
            next = proposed;
            if (type.HasStatus)
            {
                next.Remove("status");
                if (current.Object["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
            }

            if (type == BuiltInResources.Namespaces)
            {
                next["spec"] = current.Object["spec"]?.DeepClone();
            }

            var metadata = next.EnsureMetadata();
            var old = current.Metadata;
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
            {
                metadata.Remove(field);
                if (old[field] is { } value)
                {
                    metadata[field] = value.DeepClone();
                }
            }

            metadata.Remove("managedFields");
            metadata.Remove("selfLink");
            ApplyBuiltInDefaults(type, next);
            BuiltInValidation.Validate(type, next, version);
            if (ObjectMetaValidation.Validate(metadata) is { Count: > 0 } metadataErrors)
            {
                throw StatusObjects.Invalid(type, current.Name, metadataErrors);
            }

            if (current.IsDeleting)
            {
                var added = (metadata["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).Except(current.Finalizers).ToList();
                if (added.Count > 0)
                {
                    throw StatusObjects.Invalid(type, current.Name, [FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(a => $"\"{a}\""))}}}")]);
                }
            }
        }

        if (type.IsCustom)
        {
            ApplySchema(type, version, next, current.Object, options);
        }

        return FinishUpdate(type, current, next);
    }

    private Mutation FinishUpdate(ResourceType type, StoredObject current, JsonObject next)
    {
        var metadata = next.EnsureMetadata();
        metadata["resourceVersion"] = current.Metadata["resourceVersion"]?.DeepClone();
        if (metadata["finalizers"] is JsonArray { Count: 0 })
        {
            metadata.Remove("finalizers");
        }

        if (type.TracksGeneration && SpecChanged(type, current.Object, next))
        {
            metadata["generation"] = JsonNumbers.ToInt64(current.Metadata["generation"]) + 1;
        }

        if (JsonNode.DeepEquals(next, current.Object))
        {
            return Mutation.Keep;
        }

        var noFinalizers = metadata["finalizers"] is not JsonArray { Count: > 0 };
        var noSpecFinalizers = type != BuiltInResources.Namespaces || next["spec"]?["finalizers"] is not JsonArray { Count: > 0 };
        if (current.IsDeleting && noFinalizers && noSpecFinalizers)
        {
            return Mutation.Remove;
        }

        return Mutation.Put(next);
    }

    /// <summary>What the real API server's defaulting does for the built-ins stored here (Secret stringData and type).</summary>
    private static void ApplyBuiltInDefaults(ResourceType type, JsonObject value)
    {
        if (type != BuiltInResources.Secrets)
        {
            return;
        }

        if (value["stringData"] is JsonObject stringData)
        {
            var data = value["data"] as JsonObject ?? new JsonObject();
            foreach (var (key, text) in stringData)
            {
                data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text?.GetValue<string>() ?? string.Empty));
            }

            value["data"] = data;
            value.Remove("stringData");
        }

        if (value.GetString("type") is null or "")
        {
            value["type"] = "Opaque";
        }
    }

    private static bool SpecChanged(ResourceType type, JsonObject before, JsonObject after)
    {
        foreach (var (key, value) in after)
        {
            if (key is "metadata" or "apiVersion" or "kind" || (type.HasStatus && key == "status"))
            {
                continue;
            }

            if (!JsonNode.DeepEquals(value, before[key]))
            {
                return true;
            }
        }

        foreach (var (key, _) in before)
        {
            if (key is "metadata" or "apiVersion" or "kind" || (type.HasStatus && key == "status"))
            {
                continue;
            }

            if (!after.ContainsKey(key))
            {
                return true;
            }
        }

        return false;
    }

    private void ApplySchema(ResourceType type, string version, JsonObject value, JsonObject? old, WriteOptions options)
    {
        var schema = (type.FindVersion(version) ?? type.Versions[0]).Schema;
        if (schema is null)
        {
            return;
        }

        var unknown = schema.Prune(value);
        if (unknown.Count > 0)
        {
            if (options.FieldValidation == FieldValidation.Strict)
            {
                throw StatusObjects.BadRequest($"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""))}");
            }

            if (options.FieldValidation == FieldValidation.Warn)
            {
                options.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
            }
        }

        schema.ApplyDefaults(value);
        var errors = new List<FieldError>();
        schema.Validate(value, old, errors);
        if (errors.Count > 0)
        {
            throw StatusObjects.Invalid(type, value["metadata"]?["name"]?.GetValue<string>() ?? string.Empty, errors);
        }
    }

    /// <summary>Serves the kinds of every CustomResourceDefinition in the store (after a state file was loaded).</summary>
    public void RestoreCatalog()
    {
        var crds = BuiltInResources.CustomResourceDefinitions;
        foreach (var crd in _store.Snapshot(crds.Key))
        {
            _catalog.AddOrReplace(ReadDefinition(crds, crd.Name, crd.CloneObject()));
        }
    }

    private static ResourceType ReadDefinition(ResourceType crdType, string name, JsonObject crd)
    {
        var errors = new List<FieldError>();
        var defined = CustomResourceDefinitionReader.Read(crd, errors);
        if (errors.Count > 0)
        {
            throw StatusObjects.Invalid(crdType, name, errors);
        }

        return defined;
    }

    private static void NormalizeTypeMeta(ResourceType type, string version, JsonObject body, bool strict = true)
    {
        var expected = type.ApiVersion(version);
        var apiVersion = body.GetString("apiVersion");
        if (strict && !string.IsNullOrEmpty(apiVersion) && apiVersion != expected)
        {
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected})");
        }

        var kind = body.GetString("kind");
        if (strict && !string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw StatusObjects.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        body["apiVersion"] = type.ApiVersion(type.StorageVersion);
        body["kind"] = type.Kind;
    }

    private static string ApplyNamespace(ResourceType type, string ns, JsonObject metadata)
    {
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return string.Empty;
        }

        var bodyNamespace = metadata.GetString("namespace");
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
        return ns;
    }
}
