using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests.Controllers;

public sealed class ControllerOptionsTests
{
    [Fact]
    public void Name_defaults_to_the_lower_case_kind()
    {
        new ControllerOptions<V1ConfigMap>().Name.Should().Be("configmap");
    }

    [Fact]
    public void Owns_maps_a_child_to_its_controller_owner_of_the_primary_kind()
    {
        var options = new ControllerOptions<V1ConfigMap>().Owns<V1Secret>();
        var factory = new SingleInformerFactory<V1Secret>();
        var keys = new List<ObjectKey>();

        using var subscription = options.SecondaryWatches.Should().ContainSingle().Subject.Subscribe(factory, keys.Add);
        factory.Handler!.OnAdd(Secret(Owner("v1", "ConfigMap", "parent", controller: true)));
        factory.Handler.OnAdd(Secret(Owner("v1", "ConfigMap", "not-controller", controller: false)));
        factory.Handler.OnAdd(Secret(Owner("apps/v1", "ConfigMap", "other-group", controller: true)));
        factory.Handler.OnAdd(Secret(Owner("v1", "Pod", "other-kind", controller: true)));

        keys.Should().Equal(new ObjectKey("ns", "parent"));
    }

    [Fact]
    public void Watches_maps_old_and_new_objects_of_an_update()
    {
        var options = new ControllerOptions<V1ConfigMap>().Watches<V1Secret>(s => [new ObjectKey("ns", s.Metadata.Labels!["target"])]);
        var factory = new SingleInformerFactory<V1Secret>();
        var keys = new List<ObjectKey>();

        using var subscription = options.SecondaryWatches.Single().Subscribe(factory, keys.Add);
        factory.Handler!.OnUpdate(Labeled("old"), Labeled("new"));

        keys.Should().Equal(new ObjectKey("ns", "old"), new ObjectKey("ns", "new"));
    }

    private static V1OwnerReference Owner(string apiVersion, string kind, string name, bool controller) =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = Guid.NewGuid().ToString(), Controller = controller };

    private static V1Secret Secret(V1OwnerReference owner) =>
        new() { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "ns", OwnerReferences = [owner] } };

    private static V1Secret Labeled(string target) =>
        new() { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "ns", Labels = new Dictionary<string, string> { ["target"] = target } } };

    private sealed class SingleInformerFactory<TKind> : IInformerFactory, IInformer<TKind>
        where TKind : class, IKubernetesObject<V1ObjectMeta>
    {
        public IResourceEventHandler<TKind>? Handler { get; private set; }

        public IReadOnlyList<IInformerStatus> Informers => [];

        public IInformerStore<TKind> Store { get; } = new InformerStore<TKind>();

        public bool HasSynced => true;

        public IInformer<T> GetInformer<T>()
            where T : class, IKubernetesObject<V1ObjectMeta> => (IInformer<T>)(object)this;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IDisposable AddEventHandler(IResourceEventHandler<TKind> handler)
        {
            Handler = handler;
            return new Unsubscribe();
        }

        private sealed class Unsubscribe : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
