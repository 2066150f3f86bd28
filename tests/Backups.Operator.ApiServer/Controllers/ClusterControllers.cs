using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Logging;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Semantics;
using Backups.Operator.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.ApiServer.Controllers;

/// <summary>
/// The built-in controllers, driven by every committed change in order: the garbage collector (owner references,
/// Background/Foreground/Orphan propagation), the namespace finalizer (empties a terminating namespace, then
/// lets it go) and the CRD finalizer (deletes a terminating CRD's objects, then stops serving the kind).
/// They run asynchronously, as in Kubernetes: clients wait for their effects, never assume them.
/// </summary>
internal sealed class ClusterControllers
{
    private readonly ResourceService _service;
    private readonly ILogger _logger;

    public ClusterControllers(ResourceService service, ILogger logger)
    {
        _service = service;
        _logger = logger;
    }

    private ObjectStore Store => _service.Store;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in Store.SystemEvents.ReadAllAsync(cancellationToken))
            {
                try
                {
                    Handle(change);
                }
                catch (ApiException e)
                {
                    Log.ControllerStep(_logger, change.ResourceKey, change.Object.Namespace, change.Object.Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.ControllerFailed(_logger, e);
        }
    }

    private static bool HasFinalizer(StoredObject item, string finalizer) => item.Finalizers.Contains(finalizer);

    private static bool RemoveFinalizer(JsonObject value, string finalizer)
    {
        if (value["metadata"]?["finalizers"] is not JsonArray finalizers)
        {
            return false;
        }

        var match = finalizers.FirstOrDefault(f => f?.GetValue<string>() == finalizer);
        return match is not null && finalizers.Remove(match);
    }

    private void Handle(StoreEvent change)
    {
        var item = change.Object;
        if (change.Type == StoreEventType.Deleted)
        {
            foreach (var dependent in Store.DependentsOf(item.Uid))
            {
                AttemptToDelete(dependent);
            }

            foreach (var owner in item.OwnerReferences.Select(r => r.GetString("uid")).OfType<string>())
            {
                FinishForegroundDeletion(owner);
            }

            if (item.Namespace.Length > 0)
            {
                FinishNamespace(item.Namespace);
            }

            if (_service.Catalog.FindByKey(change.ResourceKey)?.IsCustom == true)
            {
                FinishCrd(change.ResourceKey);
            }

            return;
        }

        var address = new ObjectAddress(change.ResourceKey, item.Namespace, item.Name);
        if (item.OwnerReferences.Any())
        {
            AttemptToDelete(address);
        }

        if (!item.IsDeleting)
        {
            return;
        }

        if (HasFinalizer(item, ResourceService.ForegroundFinalizer))
        {
            foreach (var dependent in Store.DependentsOf(item.Uid))
            {
                Delete(dependent, "Background");
            }

            FinishForegroundDeletion(item.Uid);
        }

        if (HasFinalizer(item, ResourceService.OrphanFinalizer))
        {
            foreach (var dependent in Store.DependentsOf(item.Uid))
            {
                _service.Modify(dependent, value => RemoveOwnerReferences(value, [item.Uid]));
            }

            _service.Modify(address, value => RemoveFinalizer(value, ResourceService.OrphanFinalizer));
        }

        if (change.ResourceKey == BuiltInResources.Namespaces.Key)
        {
            foreach (var type in _service.Catalog.Namespaced)
            {
                foreach (var content in Store.Snapshot(type.Key, item.Name))
                {
                    if (!content.IsDeleting)
                    {
                        Delete(new ObjectAddress(type.Key, content.Namespace, content.Name), "Background");
                    }
                }
            }

            FinishNamespace(item.Name);
        }

        if (change.ResourceKey == BuiltInResources.CustomResourceDefinitions.Key && HasFinalizer(item, ResourceService.CrdCleanupFinalizer))
        {
            var key = $"{item.Object["spec"]?["group"]}/{item.Object["spec"]?["names"]?["plural"]}";
            foreach (var instance in Store.Snapshot(key))
            {
                if (!instance.IsDeleting)
                {
                    Delete(new ObjectAddress(key, instance.Namespace, instance.Name), "Background");
                }
            }

            FinishCrd(key);
        }
    }

    /// <summary>client-go's attemptToDeleteItem: drop dangling owners while a live one remains, else delete.</summary>
    private void AttemptToDelete(ObjectAddress address)
    {
        var item = Store.Get(address);
        if (item is null || item.IsDeleting)
        {
            return;
        }

        var solid = new List<string>();
        var gone = new List<string>();
        var waiting = new List<string>();
        foreach (var reference in item.OwnerReferences)
        {
            var uid = reference.GetString("uid") ?? string.Empty;
            var owner = Store.GetByUid(uid);

            // As in Kubernetes, an owner is looked up by kind and name in the dependent's namespace (or cluster-wide):
            // a reference to an object in another namespace, or with the wrong name or kind, is dangling.
            if (owner is not null && (owner.Name != reference.GetString("name") || owner.Object.GetString("kind") != reference.GetString("kind")
                || (owner.Namespace.Length > 0 && owner.Namespace != item.Namespace)))
            {
                owner = null;
            }

            if (owner is null)
            {
                gone.Add(uid);
            }
            else if (owner.IsDeleting && HasFinalizer(owner, ResourceService.ForegroundFinalizer))
            {
                waiting.Add(uid);
            }
            else
            {
                solid.Add(uid);
            }
        }

        if (solid.Count > 0)
        {
            if (gone.Count + waiting.Count > 0)
            {
                _service.Modify(address, value => RemoveOwnerReferences(value, [.. gone, .. waiting]));
            }

            return;
        }

        if (gone.Count + waiting.Count > 0)
        {
            Delete(address, waiting.Count > 0 ? "Foreground" : "Background");
        }
    }

    private static bool RemoveOwnerReferences(JsonObject value, IReadOnlyCollection<string> uids)
    {
        if (value["metadata"]?["ownerReferences"] is not JsonArray references)
        {
            return false;
        }

        var doomed = references.Where(r => uids.Contains(r?["uid"]?.GetValue<string>() ?? string.Empty)).ToList();
        foreach (var reference in doomed)
        {
            references.Remove(reference);
        }

        if (references.Count == 0)
        {
            value["metadata"]!.AsObject().Remove("ownerReferences");
        }

        return doomed.Count > 0;
    }

    private void FinishForegroundDeletion(string ownerUid)
    {
        var owner = Store.GetByUid(ownerUid);
        if (owner is null || !owner.IsDeleting || !HasFinalizer(owner, ResourceService.ForegroundFinalizer) || Store.DependentsOf(ownerUid).Count > 0)
        {
            return;
        }

        if (Store.AddressOf(ownerUid) is { } address)
        {
            _service.Modify(address, value => RemoveFinalizer(value, ResourceService.ForegroundFinalizer));
        }
    }

    private void FinishNamespace(string name)
    {
        var address = new ObjectAddress(BuiltInResources.Namespaces.Key, string.Empty, name);
        var ns = Store.Get(address);
        if (ns is null || !ns.IsDeleting)
        {
            return;
        }

        if (_service.Catalog.Namespaced.Any(type => Store.Snapshot(type.Key, name).Count > 0))
        {
            return;
        }

        _service.Modify(address, value =>
        {
            if (value["spec"]?["finalizers"] is not JsonArray finalizers)
            {
                return false;
            }

            var match = finalizers.FirstOrDefault(f => f?.GetValue<string>() == ResourceService.NamespaceFinalizer);
            return match is not null && finalizers.Remove(match);
        });
    }

    private void FinishCrd(string resourceKey)
    {
        var separator = resourceKey.IndexOf('/', StringComparison.Ordinal);
        var crdName = $"{resourceKey[(separator + 1)..]}.{resourceKey[..separator]}";
        var address = new ObjectAddress(BuiltInResources.CustomResourceDefinitions.Key, string.Empty, crdName);
        var crd = Store.Get(address);
        if (crd is null || !crd.IsDeleting || Store.Snapshot(resourceKey).Count > 0)
        {
            return;
        }

        _service.Modify(address, value => RemoveFinalizer(value, ResourceService.CrdCleanupFinalizer));
    }

    private void Delete(ObjectAddress address, string propagation)
    {
        var type = _service.Catalog.FindByKey(address.ResourceKey);
        if (type is null)
        {
            return;
        }

        try
        {
            _service.Delete(type, address.Namespace, address.Name, DeleteRequest.Background with { PropagationPolicy = propagation });
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Already gone.
        }
    }
}
