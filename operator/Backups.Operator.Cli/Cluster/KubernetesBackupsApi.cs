using Backups.Operator.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Backups.Operator.Cli.Cluster;

/// <summary><see cref="IBackupsApi"/> over KubernetesClient's custom-object and core operations.</summary>
public sealed class KubernetesBackupsApi : IBackupsApi, IDisposable
{
    private readonly Kubernetes _kubernetes;
    private readonly TimeSpan _requestTimeout;

    public KubernetesBackupsApi(KubernetesClientConfiguration configuration, string @namespace, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _kubernetes = new Kubernetes(configuration);
        Namespace = @namespace;
        _requestTimeout = requestTimeout;
        Server = configuration.Host is { } host ? new Uri(host) : null;
    }

    public string Namespace { get; }

    /// <summary>The API server's address, for messages.</summary>
    public Uri? Server { get; }

    public Task<PolicyResource?> GetPolicyAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<PolicyResource>(ResourceKinds.Policy, name, cancellationToken);

    public Task<IReadOnlyList<PolicyResource>> ListPoliciesAsync(CancellationToken cancellationToken) =>
        ListAsync<PolicyResource>(ResourceKinds.Policy, cancellationToken);

    public Task<BackupResource?> GetBackupAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<BackupResource>(ResourceKinds.Backup, name, cancellationToken);

    public async Task<IReadOnlyList<BackupResource>> ListBackupsAsync(string? policyName, CancellationToken cancellationToken)
    {
        var all = await ListAsync<BackupResource>(ResourceKinds.Backup, cancellationToken).ConfigureAwait(false);
        return policyName is null ? all : [.. all.Where(b => b.Spec.PolicyName == policyName)];
    }

    public Task<RestoreResource?> GetRestoreAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<RestoreResource>(ResourceKinds.Restore, name, cancellationToken);

    public Task<IReadOnlyList<RestoreResource>> ListRestoresAsync(CancellationToken cancellationToken) =>
        ListAsync<RestoreResource>(ResourceKinds.Restore, cancellationToken);

    public Task<BackupResource> CreateBackupAsync(BackupResource backup, CancellationToken cancellationToken) =>
        CreateAsync(ResourceKinds.Backup, backup, cancellationToken);

    public Task<RestoreResource> CreateRestoreAsync(RestoreResource restore, CancellationToken cancellationToken) =>
        CreateAsync(ResourceKinds.Restore, restore, cancellationToken);

    public Task<VerificationResource?> GetVerificationAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<VerificationResource>(ResourceKinds.Verification, name, cancellationToken);

    public Task<VerificationResource> CreateVerificationAsync(VerificationResource verification, CancellationToken cancellationToken) =>
        CreateAsync(ResourceKinds.Verification, verification, cancellationToken);

    public async Task<bool> DeleteBackupAsync(string name, CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("delete", ResourceKinds.Backup, Namespace, name);
        try
        {
            await CallAsync(operation, async token =>
            {
                using var response = await _kubernetes.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                    ApiConstants.Group, ApiConstants.Version, Namespace, ResourceKinds.Backup.Plural, name, cancellationToken: token).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string kind, string name, CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("list", new ResourceKind("Event", "events", "event"), Namespace);
        var events = await CallAsync(operation, token => _kubernetes.CoreV1.ListNamespacedEventAsync(Namespace, cancellationToken: token), cancellationToken)
            .ConfigureAwait(false);
        return [.. (events.Items ?? [])
            .Where(e => e.InvolvedObject?.Name == name && e.InvolvedObject?.Kind == kind)
            .OrderBy(e => e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue)];
    }

    public void Dispose() => _kubernetes.Dispose();

    private async Task<T?> GetAsync<T>(ResourceKind kind, string name, CancellationToken cancellationToken)
        where T : class
    {
        var operation = new ApiOperation("get", kind, Namespace, name);
        try
        {
            return await CallAsync(operation, async token =>
            {
                using var response = await _kubernetes.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    ApiConstants.Group, ApiConstants.Version, Namespace, kind.Plural, name, cancellationToken: token).ConfigureAwait(false);
                return response.Body;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            // A 404 for one object: the object is missing, or the whole kind is (the operator is not installed).
            await ListAsync<T>(kind, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(ResourceKind kind, CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("list", kind, Namespace);
        var list = await CallAsync(operation, async token =>
        {
            using var response = await _kubernetes.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<ResourceList<T>>(
                ApiConstants.Group, ApiConstants.Version, Namespace, kind.Plural, cancellationToken: token).ConfigureAwait(false);
            return response.Body;
        }, cancellationToken).ConfigureAwait(false);
        return list.Items ?? [];
    }

    private async Task<T> CreateAsync<T>(ResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var operation = new ApiOperation("create", kind, Namespace, resource.Metadata.Name);
        try
        {
            return await CallAsync(operation, async token =>
            {
                using var response = await _kubernetes.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    resource, ApiConstants.Group, ApiConstants.Version, Namespace, kind.Plural, fieldManager: "kubectl-backup", cancellationToken: token)
                    .ConfigureAwait(false);
                return response.Body;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            throw ApiErrorTranslator.NotInstalled();
        }
    }

    /// <summary>One call, bounded by the request timeout; API, transport and timeout failures become <see cref="CliException"/>.</summary>
    private async Task<T> CallAsync<T>(ApiOperation operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            return await call(timeout.Token).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ApiErrorTranslator.Translate(e, operation);
        }
        catch (HttpRequestException e)
        {
            throw ApiErrorTranslator.Unreachable(Server, e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"the cluster at {Server} did not answer within {_requestTimeout.TotalSeconds:0} s",
                "raise --request-timeout, or check the API server");
        }
    }
}
