using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Kubernetes.Client;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Tests;

/// <summary>A local API server on 127.0.0.1:0 with the Widget test CRD installed, plus typed clients for the tests.</summary>
public sealed class TestApiServer : IAsyncDisposable
{
    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.test.example.dev
        spec:
          group: test.example.dev
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            listKind: WidgetList
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    private TestApiServer(LocalApiServer server)
    {
        Server = server;
        Kubernetes = new k8s.Kubernetes(server.CreateClientConfiguration());
    }

    public LocalApiServer Server { get; }

    public IKubernetes Kubernetes { get; }

    public static async Task<TestApiServer> StartAsync(LocalApiServerOptions? options = null)
    {
        var server = await LocalApiServer.StartAsync(options ?? new LocalApiServerOptions { BookmarkInterval = TimeSpan.FromSeconds(1) });
        server.InstallCrds(WidgetCrd);
        return new TestApiServer(server);
    }

    public IResourceClient<T> Client<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new ResourceClient<T>(Kubernetes, Options.Create(new ResourceClientOptions { FieldManager = "tests" }));

    public async ValueTask DisposeAsync()
    {
        Kubernetes.Dispose();
        await Server.DisposeAsync();
    }
}
