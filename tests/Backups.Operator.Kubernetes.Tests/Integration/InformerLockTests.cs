using Backups.Operator.Kubernetes.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// A handler replayed by <see cref="Informer{T}.AddEventHandler"/> may start informers (a watch mapping that calls
/// <c>IInformerFactory.GetInformer</c> starts one under the factory's lock): starting an informer must not wait for a
/// handler replay. Sharing one lock deadlocked a new leader in the kill campaign (docs/chaos.md).
/// </summary>
public sealed class InformerLockTests : IAsyncLifetime
{
    private TestApiServer _api = null!;
    private Informer<V1ConfigMap> _informer = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApiServer.StartAsync();
        _informer = new Informer<V1ConfigMap>(_api.Client<V1ConfigMap>(), new InformerOptions { Namespace = "default" }, TimeProvider.System,
            NullLogger<Informer<V1ConfigMap>>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _informer.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Start_from_another_thread_returns_while_a_handler_is_being_replayed()
    {
        await _api.Client<V1ConfigMap>().CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "m", NamespaceProperty = "default" } }, default);
        _informer.Start();
        await _informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var startReturned = false;
        _informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>(onAdd: _ =>
            startReturned = Task.Run(_informer.Start).Wait(TimeSpan.FromSeconds(10))));

        startReturned.Should().BeTrue("Start takes its own lock, not the one the replay holds");
    }
}
