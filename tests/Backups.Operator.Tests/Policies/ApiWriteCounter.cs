using System.Collections.Concurrent;
using Backups.Operator.Tests.Harness;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Backups.Operator.Tests.Policies;

/// <summary>
/// Counts the operator's writes to the API server (every request that is not a GET), by method and path, through a
/// handler on the operator's Kubernetes client. Install with <see cref="Install"/> before the operator starts.
/// </summary>
public sealed class ApiWriteCounter
{
    private readonly ConcurrentQueue<string> _writes = new();

    /// <summary>Every write so far, as "METHOD path".</summary>
    public IReadOnlyList<string> Writes => _writes.ToList();

    /// <summary>Writes to the status subresource of <paramref name="plural"/> so far.</summary>
    public int StatusPatches(string plural) => Writes.Count(w => w.StartsWith("PATCH ", StringComparison.Ordinal)
                                                                && w.Contains("/" + plural + "/", StringComparison.Ordinal)
                                                                && w.EndsWith("/status", StringComparison.Ordinal));

    /// <summary>Makes the harness's operator use a client whose writes this counter sees (call with StartOperator = false).</summary>
    public void Install(OperatorHarnessOptions options, Func<OperatorHarness> harness)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureServices = services => services.AddSingleton<IKubernetes>(
            _ => new k8s.Kubernetes(harness().ApiServer.CreateClientConfiguration(), new Handler(this)));
    }

    private sealed class Handler(ApiWriteCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get)
            {
                counter._writes.Enqueue($"{request.Method.Method} {request.RequestUri?.AbsolutePath}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
