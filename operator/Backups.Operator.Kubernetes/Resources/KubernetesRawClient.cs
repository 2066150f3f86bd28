using System.Net;
using System.Text.Json;
using Backups.Operator.Kubernetes.Configuration;
using Backups.Operator.Kubernetes.Hosting;
using k8s;
using k8s.Autorest;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>
/// GETs of arbitrary API paths (discovery documents, objects of kinds known only at run time), which the generated
/// client has no method for: a client of the same configuration as the operator's, sending through the client's own
/// request path, each bounded by a timeout. 404 is null; other failures throw.
/// </summary>
internal sealed class KubernetesRawClient : k8s.Kubernetes
{
    private readonly TimeSpan _timeout;

    public KubernetesRawClient(OperatorRuntimeOptions options, TimeSpan timeout)
        : base(options.ClientConfiguration ?? KubernetesConfigurationLoader.Load(options.Kubeconfig))
    {
        _timeout = timeout;
    }

    public async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd("application/json");
        if (Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, deadline.Token).ConfigureAwait(false);
        }

        try
        {
            using var response = await SendRequestRaw(string.Empty, request, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: deadline.Token).ConfigureAwait(false);
            }
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"GET {path} did not complete within {_timeout}.", e);
        }
    }
}
