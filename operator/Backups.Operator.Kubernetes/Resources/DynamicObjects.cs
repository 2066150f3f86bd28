using System.Text.Json;
using Microsoft.Extensions.Options;
using Backups.Operator.Kubernetes.Hosting;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>The identity of an object of a kind known only at run time.</summary>
public sealed record ObjectIdentity(string ApiVersion, string Kind, string Name, string Uid);

/// <summary>Reads objects of any kind served by the API server, resolved through <see cref="IRestMapper"/>.</summary>
public interface IDynamicObjects
{
    /// <summary>
    /// The identity (uid) of <paramref name="kind"/> <paramref name="name"/> in <paramref name="apiVersion"/> and
    /// <paramref name="namespace"/> (ignored for cluster-scoped kinds); null when it does not exist. Throws
    /// <see cref="KeyNotFoundException"/> when the API server does not serve the kind.
    /// </summary>
    Task<ObjectIdentity?> GetIdentityAsync(string apiVersion, string kind, string? @namespace, string name, CancellationToken cancellationToken);
}

/// <summary><see cref="IDynamicObjects"/> over <see cref="IRestMapper"/> and plain GETs.</summary>
public sealed class DynamicObjects : IDynamicObjects
{
    private readonly IRestMapper _mapper;
    private readonly KubernetesRawClient _raw;

    public DynamicObjects(IRestMapper mapper, IOptions<OperatorRuntimeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mapper = mapper;
        _raw = new KubernetesRawClient(options.Value, options.Value.Client.RequestTimeout);
    }

    public async Task<ObjectIdentity?> GetIdentityAsync(string apiVersion, string kind, string? @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var mapping = await _mapper.FindAsync(apiVersion, kind, cancellationToken).ConfigureAwait(false)
                      ?? throw new KeyNotFoundException($"The API server serves no kind {kind} in {apiVersion}.");
        using var document = await _raw.GetAsync($"{mapping.CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
        if (document is null
            || !document.RootElement.TryGetProperty("metadata", out var metadata)
            || !metadata.TryGetProperty("uid", out var uid)
            || uid.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return new ObjectIdentity(apiVersion, kind, name, uid.GetString()!);
    }
}
