using System.Runtime.CompilerServices;
using System.Text.Json;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Client;

/// <summary>
/// <see cref="IResourceClient{T}"/> over KubernetesClient's custom-object operations, which also route the core group
/// (<c>/api/v1</c>) correctly, so one implementation serves custom resources and built-ins alike.
/// </summary>
internal sealed class ResourceClient<T> : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetes _kubernetes;
    private readonly ResourceClientOptions _options;
    private readonly ResourceType _type = ResourceType.Of<T>();

    public ResourceClient(IKubernetes kubernetes, IOptions<ResourceClientOptions> options)
    {
        _kubernetes = kubernetes;
        _options = options.Value;
    }

    private ICustomObjectsOperations Api => _kubernetes.CustomObjects;

    public async Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            return await CallAsync(
                token => @namespace is null
                    ? Api.GetClusterCustomObjectWithHttpMessagesAsync<T>(_type.Group, _type.Version, _type.Plural, name, cancellationToken: token)
                    : Api.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(_type.Group, _type.Version, @namespace, _type.Plural, name, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<ResourceList<T>> ListAsync(string? @namespace, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions();

        // Decoded item by item (docs/kubernetes-runtime.md, "Undecodable objects"): one object our type cannot hold must
        // not fail the list of every other object.
        var list = await CallAsync(
            token => @namespace is null
                ? Api.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(
                    _type.Group, _type.Version, _type.Plural, continueParameter: options.Continue, fieldSelector: options.FieldSelector,
                    labelSelector: options.LabelSelector, limit: options.Limit, resourceVersion: options.ResourceVersion, cancellationToken: token)
                : Api.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(
                    _type.Group, _type.Version, @namespace, _type.Plural, continueParameter: options.Continue, fieldSelector: options.FieldSelector,
                    labelSelector: options.LabelSelector, limit: options.Limit, resourceVersion: options.ResourceVersion, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        if (list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out var elements) && elements.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in elements.EnumerateArray())
            {
                if (ObjectDecoder<T>.Decode(element, out var failure) is { } item)
                {
                    items.Add(item);
                }
                else
                {
                    undecodable.Add(failure!);
                }
            }
        }

        var metadata = list.ValueKind == JsonValueKind.Object && list.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return new ResourceList<T>(items, StringProperty(metadata, "resourceVersion"), StringProperty(metadata, "continue")) { Undecodable = undecodable };
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        EnsureTypeMeta(obj);
        var @namespace = NamespaceOf(obj);
        return await CallAsync(
            token => @namespace is null
                ? Api.CreateClusterCustomObjectWithHttpMessagesAsync<T>(obj, _type.Group, _type.Version, _type.Plural, fieldManager: _options.FieldManager, cancellationToken: token)
                : Api.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, _type.Group, _type.Version, @namespace, _type.Plural, fieldManager: _options.FieldManager, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<CreateResult<T>> TryCreateAsync(T obj, CancellationToken cancellationToken)
    {
        try
        {
            return CreateResult<T>.FromCreated(await CreateAsync(obj, cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException e) when (ApiErrors.IsAlreadyExists(e))
        {
            return CreateResult<T>.FromAlreadyExists();
        }
    }

    public async Task<T> UpdateAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        EnsureTypeMeta(obj);
        var @namespace = NamespaceOf(obj);
        var name = obj.Metadata.Name;
        return await CallAsync(
            token => @namespace is null
                ? Api.ReplaceClusterCustomObjectWithHttpMessagesAsync<T>(obj, _type.Group, _type.Version, _type.Plural, name, fieldManager: _options.FieldManager, cancellationToken: token)
                : Api.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, _type.Group, _type.Version, @namespace, _type.Plural, name, fieldManager: _options.FieldManager, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> PatchAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var patch = AsMergePatch(mergePatch);
        return await CallAsync(
            token => @namespace is null
                ? Api.PatchClusterCustomObjectWithHttpMessagesAsync<T>(patch, _type.Group, _type.Version, _type.Plural, name, fieldManager: _options.FieldManager, cancellationToken: token)
                : Api.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(patch, _type.Group, _type.Version, @namespace, _type.Plural, name, fieldManager: _options.FieldManager, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> PatchStatusAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var patch = AsMergePatch(mergePatch);
        return await CallAsync(
            token => @namespace is null
                ? Api.PatchClusterCustomObjectStatusWithHttpMessagesAsync<T>(patch, _type.Group, _type.Version, _type.Plural, name, fieldManager: _options.FieldManager, cancellationToken: token)
                : Api.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(patch, _type.Group, _type.Version, @namespace, _type.Plural, name, fieldManager: _options.FieldManager, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string? @namespace, string name, PropagationPolicy? propagationPolicy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var policy = propagationPolicy?.ToString();
        var body = new V1DeleteOptions { PropagationPolicy = policy };
        try
        {
            await CallAsync(
                token => @namespace is null
                    ? Api.DeleteClusterCustomObjectWithHttpMessagesAsync(_type.Group, _type.Version, _type.Plural, name, body, propagationPolicy: policy, cancellationToken: token)
                    : Api.DeleteNamespacedCustomObjectWithHttpMessagesAsync(_type.Group, _type.Version, @namespace, _type.Plural, name, body, propagationPolicy: policy, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in WatchEventsAsync(@namespace, resourceVersion, timeout, labelSelector, cancellationToken).ConfigureAwait(false))
        {
            if (line.Object is { } obj)
            {
                yield return (line.Type, obj);
            }
        }
    }

    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchEventsAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var timeoutSeconds = (int)Math.Max(1, timeout.TotalSeconds);
        var request = @namespace is null
            ? Api.ListClusterCustomObjectWithHttpMessagesAsync<object>(
                _type.Group, _type.Version, _type.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken)
            : Api.ListNamespacedCustomObjectWithHttpMessagesAsync<object>(
                _type.Group, _type.Version, @namespace, _type.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken);

        // KubernetesClient peeks the first line while it opens the stream: a stream closed before any line fails right
        // here, and means "nothing happened" (docs/kubernetes-runtime.md, "Watch streams"); it ends this watch normally.
        // Decode failures can no longer happen here, because the lines are read as plain JSON and decoded below.
        HttpOperationResponse<object>? response = null;
        try
        {
            response = await request.ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsClosedBeforeFirstLine(e))
        {
        }

        if (response is null)
        {
            yield break;
        }

        using (response)
        {
            // A Status ERROR event (e.g. 410 Expired) reaches onError and is rethrown to the caller; a line that is not
            // JSON at all is reported as an undecodable object without a name.
            var malformed = new Queue<string>();
#pragma warning disable CS0618 // The typed WatchAsync over a list response is the only typed watch for custom objects in v21.
            var lines = Task.FromResult(response).WatchAsync<JsonElement, object>(
                e =>
                {
                    if (e is KubernetesException)
                    {
                        throw e;
                    }

                    malformed.Enqueue(e.Message);
                },
                cancellationToken);
#pragma warning restore CS0618
            await foreach (var (type, element) in lines.ConfigureAwait(false))
            {
                while (malformed.TryDequeue(out var error))
                {
                    yield return new ResourceWatchEvent<T>(type, null, new UndecodableObject(_type.Kind, null, null, null, null, error), null);
                }

                var obj = ObjectDecoder<T>.Decode(element, out var undecodable);
                yield return type == WatchEventType.Bookmark
                    ? new ResourceWatchEvent<T>(type, obj, null, ObjectDecoder<T>.ResourceVersionOf(element))
                    : new ResourceWatchEvent<T>(type, obj, undecodable, obj?.Metadata?.ResourceVersion ?? undecodable?.ResourceVersion);
            }
        }
    }

    private static bool IsClosedBeforeFirstLine(Exception e) =>
        e is JsonException or EndOfStreamException
        || e.InnerException is JsonException or EndOfStreamException
        || (e is HttpRequestException or IOException && e.InnerException is EndOfStreamException);

    /// <summary>Runs one API call bounded by <see cref="ResourceClientOptions.RequestTimeout"/>; a timeout surfaces as <see cref="TimeoutException"/>.</summary>
    private async Task<TBody> CallAsync<TBody>(Func<CancellationToken, Task<HttpOperationResponse<TBody>>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await call(timeout.Token).ConfigureAwait(false);
            return response.Body;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The request for {_type.DisplayName} did not complete within {_options.RequestTimeout}.", e);
        }
    }

    private static V1Patch AsMergePatch(object mergePatch) =>
        mergePatch as V1Patch ?? new V1Patch(mergePatch, V1Patch.PatchType.MergePatch);

    private static string? NamespaceOf(T obj) =>
        string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? null : obj.Metadata.NamespaceProperty;

    private void EnsureTypeMeta(T obj)
    {
        if (string.IsNullOrEmpty(obj.ApiVersion))
        {
            obj.ApiVersion = _type.ApiVersionString;
        }

        if (string.IsNullOrEmpty(obj.Kind))
        {
            obj.Kind = _type.Kind;
        }
    }
}
