using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Backups.Operator.Kubernetes.Hosting;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>How a kind is served: its group, version, plural resource name and scope (apimachinery's RESTMapping).</summary>
public sealed record RestMapping(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The collection path: <c>/api/v1[/namespaces/ns]/plural</c> or <c>/apis/group/version[/namespaces/ns]/plural</c>.</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }
}

/// <summary>Resolves a kind (with its apiVersion) to the resource that serves it, from the API server's discovery.</summary>
public interface IRestMapper
{
    /// <summary>
    /// The mapping of <paramref name="kind"/> in <paramref name="apiVersion"/> (<c>v1</c> or <c>group/version</c>), or null when
    /// the API server does not serve it. Discovery is cached per group-version and read again when a kind is not in the
    /// cached list (a CRD installed since), at most once per <see cref="DiscoveryRestMapper.MissRefreshInterval"/>.
    /// </summary>
    Task<RestMapping?> FindAsync(string apiVersion, string kind, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IRestMapper"/> over legacy discovery (<c>GET /api/v1</c>, <c>GET /apis/{group}/{version}</c>, each an
/// APIResourceList), like client-go's deferred discovery RESTMapper: no plural is ever guessed, so irregular plurals
/// (Ingress → ingresses, NetworkPolicy → networkpolicies, or a CRD's own plural) resolve. See docs/kubernetes-runtime.md,
/// "RESTMapper".
/// </summary>
public sealed class DiscoveryRestMapper : IRestMapper
{
    /// <summary>A kind missing from the cached discovery of its group-version triggers a re-read at most this often.</summary>
    public static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly KubernetesRawClient _raw;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Discovery> _cache = new(StringComparer.Ordinal);

    public DiscoveryRestMapper(IOptions<OperatorRuntimeOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _raw = new KubernetesRawClient(options.Value, options.Value.Client.RequestTimeout);
        _time = time;
    }

    /// <summary>Discovery reads so far (for tests of the cache).</summary>
    public int DiscoveryReads => Volatile.Read(ref _reads);

    private int _reads;

    public async Task<RestMapping?> FindAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(apiVersion, out var cached))
        {
            if (cached.Find(kind) is { } hit)
            {
                return hit;
            }

            if (now - cached.ReadAt < MissRefreshInterval)
            {
                return null;
            }
        }

        var fresh = await ReadAsync(apiVersion, now, cancellationToken).ConfigureAwait(false);
        _cache[apiVersion] = fresh;
        return fresh.Find(kind);
    }

    private async Task<Discovery> ReadAsync(string apiVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        var path = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        using var document = await _raw.GetAsync(path, cancellationToken).ConfigureAwait(false);
        var mappings = new Dictionary<string, RestMapping>(StringComparer.Ordinal);
        if (document is not null && document.RootElement.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in resources.EnumerateArray())
            {
                var name = resource.TryGetProperty("name", out var n) ? n.GetString() : null;
                var kind = resource.TryGetProperty("kind", out var k) ? k.GetString() : null;
                if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(kind) || name.Contains('/', StringComparison.Ordinal))
                {
                    continue; // subresources (e.g. deployments/status) share the kind of their parent
                }

                var namespaced = resource.TryGetProperty("namespaced", out var scope) && scope.ValueKind == JsonValueKind.True;
                mappings.TryAdd(kind, new RestMapping(group, version, kind, name, namespaced));
            }
        }

        return new Discovery(mappings, now);
    }

    private sealed record Discovery(IReadOnlyDictionary<string, RestMapping> Mappings, DateTimeOffset ReadAt)
    {
        public RestMapping? Find(string kind) => Mappings.TryGetValue(kind, out var mapping) ? mapping : null;
    }
}
