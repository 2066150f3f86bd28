using System.Runtime.CompilerServices;
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
        var list = await CallAsync(
            token => @namespace is null
                ? Api.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    _type.Group, _type.Version, _type.Plural, continueParameter: options.Continue, fieldSelector: options.FieldSelector,
                    labelSelector: options.LabelSelector, limit: options.Limit, resourceVersion: options.ResourceVersion, cancellationToken: token)
                : Api.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    _type.Group, _type.Version, @namespace, _type.Plural, continueParameter: options.Continue, fieldSelector: options.FieldSelector,
                    labelSelector: options.LabelSelector, limit: options.Limit, resourceVersion: options.ResourceVersion, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        var items = list.Items is null ? (IReadOnlyList<T>)[] : [.. list.Items];
        return new ResourceList<T>(items, list.Metadata?.ResourceVersion, string.IsNullOrEmpty(list.Metadata?.ContinueProperty) ? null : list.Metadata.ContinueProperty);
    }

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
        var timeoutSeconds = (int)Math.Max(1, timeout.TotalSeconds);
#pragma warning disable CS0618 // The typed WatchAsync over a list response is the only typed watch for custom objects in v21.
        var request = @namespace is null
            ? Api.ListClusterCustomObjectWithHttpMessagesAsync<object>(
                _type.Group, _type.Version, _type.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken)
            : Api.ListNamespacedCustomObjectWithHttpMessagesAsync<object>(
                _type.Group, _type.Version, @namespace, _type.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken);

        // The client reports a Status ERROR event through onError and keeps reading; rethrowing surfaces it to the caller.
        await foreach (var item in request.WatchAsync<T, object>(static e => throw e, cancellationToken).ConfigureAwait(false))
#pragma warning restore CS0618
        {
            yield return item;
        }
    }

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
