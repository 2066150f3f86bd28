using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Finalizers;
using Backups.Operator.Kubernetes.Status;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests.Client;

public sealed class ResourceClientTests : IAsyncLifetime
{
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Create_get_update_patch_and_delete_a_custom_resource()
    {
        var widgets = _api.Client<Widget>();

        var created = await widgets.CreateAsync(new Widget { Metadata = { Name = "w1", NamespaceProperty = "default" }, Spec = { Size = 1 } }, default);
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        (await widgets.TryCreateAsync(new Widget { Metadata = { Name = "w1", NamespaceProperty = "default" } }, default)).AlreadyExists.Should().BeTrue();

        var fetched = await widgets.GetAsync("default", "w1", default);
        fetched!.Spec.Size.Should().Be(1);

        fetched.Spec.Size = 2;
        var updated = await widgets.UpdateAsync(fetched, default);
        updated.Spec.Size.Should().Be(2);
        updated.Metadata.Generation.Should().Be(2);

        var stale = () => widgets.UpdateAsync(fetched, default);
        (await stale.Should().ThrowAsync<HttpOperationException>()).Which.Should().Match<HttpOperationException>(e => ApiErrors.IsConflict(e));

        var patched = await widgets.PatchAsync("default", "w1", new { metadata = new { labels = new Dictionary<string, string> { ["a"] = "b" } } }, default);
        patched.Metadata.Labels.Should().ContainKey("a");

        (await widgets.DeleteAsync("default", "w1", PropagationPolicy.Background, default)).Should().BeTrue();
        (await widgets.DeleteAsync("default", "w1", null, default)).Should().BeFalse();
        (await widgets.GetAsync("default", "w1", default)).Should().BeNull();
    }

    [Fact]
    public async Task PatchStatus_writes_only_the_status_subresource()
    {
        var widgets = _api.Client<Widget>();
        var created = await widgets.CreateAsync(new Widget { Metadata = { Name = "w", NamespaceProperty = "default" }, Spec = { Size = 1 } }, default);

        var patched = await widgets.PatchStatusAsync("default", "w", new { status = new { reconciles = 3 }, spec = new { size = 9 } }, default);

        patched.Status.Reconciles.Should().Be(3);
        patched.Spec.Size.Should().Be(1, "spec changes through /status are ignored");
        patched.Metadata.Generation.Should().Be(created.Metadata.Generation);
    }

    [Fact]
    public async Task List_pages_through_everything()
    {
        var maps = _api.Client<V1ConfigMap>();
        for (var i = 0; i < 7; i++)
        {
            await maps.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"m{i}", NamespaceProperty = "default" } }, default);
        }

        var names = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await maps.ListAsync("default", new ListOptions { Limit = 3, Continue = next }, default);
            names.AddRange(page.Items.Select(m => m.Metadata.Name));
            page.ResourceVersion.Should().NotBeNullOrEmpty();
            next = page.Continue;
            pages++;
        }
        while (next is not null);

        pages.Should().Be(3);
        names.Should().HaveCount(7).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Built_in_kinds_in_the_core_group_route_to_api_v1()
    {
        var secrets = _api.Client<V1Secret>();
        await secrets.CreateAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "default" }, Data = new Dictionary<string, byte[]> { ["k"] = "v"u8.ToArray() } }, default);

        var secret = await secrets.GetAsync("default", "s", default);
        var ns = await _api.Client<V1Namespace>().GetAsync(null, "default", default);

        secret!.Data.Should().ContainKey("k");
        ns!.Metadata.Name.Should().Be("default");
    }

    [Fact]
    public async Task Watch_delivers_events_from_a_resourceVersion()
    {
        var maps = _api.Client<V1ConfigMap>();
        var list = await maps.ListAsync("default", null, default);
        await maps.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w", NamespaceProperty = "default" } }, default);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (type, obj) in maps.WatchAsync("default", list.ResourceVersion, TimeSpan.FromSeconds(30), null, cts.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                continue;
            }

            type.Should().Be(WatchEventType.Added);
            obj.Metadata.Name.Should().Be("w");
            break;
        }
    }

    [Fact]
    public async Task PatchStatusIfChanged_skips_an_unchanged_status_and_fails_on_a_stale_resourceVersion()
    {
        var widgets = _api.Client<Widget>();
        var created = await widgets.CreateAsync(new Widget { Metadata = { Name = "s", NamespaceProperty = "default" } }, default);
        var written = await widgets.PatchStatusIfChangedAsync(created, new WidgetStatus { Reconciles = 1 }, default);
        written.Metadata.ResourceVersion.Should().NotBe(created.Metadata.ResourceVersion);

        var unchanged = await widgets.PatchStatusIfChangedAsync(written, new WidgetStatus { Reconciles = 1 }, default);
        unchanged.Should().BeSameAs(written, "nothing changed, so nothing was sent");

        var stale = () => widgets.PatchStatusIfChangedAsync(created, new WidgetStatus { Reconciles = 2 }, default);
        (await stale.Should().ThrowAsync<HttpOperationException>()).Which.Should().Match<HttpOperationException>(e => ApiErrors.IsConflict(e));
    }

    [Fact]
    public async Task Finalizer_helpers_touch_only_our_name()
    {
        var widgets = _api.Client<Widget>();
        var created = await widgets.CreateAsync(new Widget { Metadata = { Name = "f", NamespaceProperty = "default", Finalizers = ["other/keep"] } }, default);

        var added = await widgets.AddFinalizerAsync(created, "ours/cleanup", default);
        added.Metadata.Finalizers.Should().Equal("other/keep", "ours/cleanup");
        (await widgets.AddFinalizerAsync(added, "ours/cleanup", default)).Should().BeSameAs(added);

        var removed = await widgets.RemoveFinalizerAsync(added, "ours/cleanup", default);
        removed.Metadata.Finalizers.Should().Equal("other/keep");

        var stale = () => widgets.AddFinalizerAsync(created, "ours/cleanup", default);
        (await stale.Should().ThrowAsync<HttpOperationException>()).Which.Should().Match<HttpOperationException>(e => ApiErrors.IsConflict(e));
    }

    [Fact]
    public async Task A_slow_server_fails_the_call_with_a_TimeoutException_after_the_request_timeout()
    {
        var client = new ResourceClient<V1ConfigMap>(_api.Kubernetes, Microsoft.Extensions.Options.Options.Create(new ResourceClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) }));
        _api.Server.Faults.Latency = TimeSpan.FromSeconds(5);

        var act = () => client.GetAsync("default", "anything", default);

        await act.Should().ThrowAsync<TimeoutException>();
        _api.Server.Faults.Latency = TimeSpan.Zero;
    }

    [Fact]
    public void ApiErrors_classify_status_codes_and_reasons()
    {
        ApiErrors.IsGone(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" })).Should().BeTrue();
        ApiErrors.IsGone(new KubernetesException(new V1Status { Code = 500, Reason = "Expired" })).Should().BeTrue();
        ApiErrors.IsNotFound(new KubernetesException(new V1Status { Code = 404 })).Should().BeTrue();
        ApiErrors.IsTransient(new HttpRequestException("refused")).Should().BeTrue();
        ApiErrors.IsTransient(new KubernetesException(new V1Status { Code = 503 })).Should().BeTrue();
        ApiErrors.IsConflict(new KubernetesException(new V1Status { Code = 409, Reason = "AlreadyExists" })).Should().BeFalse();
        ApiErrors.IsAlreadyExists(new KubernetesException(new V1Status { Code = 409, Reason = "AlreadyExists" })).Should().BeTrue();
        ApiErrors.StatusCode(new InvalidOperationException()).Should().BeNull();
    }
}
