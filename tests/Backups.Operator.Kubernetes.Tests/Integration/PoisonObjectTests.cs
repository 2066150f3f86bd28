using System.Net;
using System.Text.Json;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// Objects the client type cannot hold (a number beyond <c>int</c>) against the local API server, whose Widget CRD keeps
/// unknown fields and so stores them (docs/kubernetes-runtime.md, "Undecodable objects").
/// </summary>
public sealed class PoisonObjectTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestApiServer _api = null!;

    public async Task InitializeAsync() => _api = await TestApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task An_undecodable_object_in_the_list_is_skipped_and_every_other_object_syncs()
    {
        var widgets = _api.Client<Widget>();
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("good-1"), default);
        await CreatePoisonAsync("team-a", "poison");
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("good-2"), default);
        var skipped = new List<string>();
        await using var informer = NewInformer(u => skipped.Add(u.Key));

        informer.Start();
        await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        informer.Store.List().Select(w => w.Metadata.Name).Should().BeEquivalentTo("good-1", "good-2");
        skipped.Should().Equal("team-a/poison");
        informer.Statistics.UndecodableObjects.Should().Be(1);
    }

    [Fact]
    public async Task A_watch_keeps_flowing_past_undecodable_objects_and_their_deletion_is_seen()
    {
        var widgets = _api.Client<Widget>();
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("before"), default);
        var skipped = new List<string>();
        await using var informer = NewInformer(u =>
        {
            lock (skipped)
            {
                skipped.Add(u.Key);
            }
        });
        informer.Start();
        await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        await CreatePoisonAsync("default", "poison");
        await widgets.CreateAsync(ControllerIntegrationTests.NewWidget("after"), default);
        await Eventually.HoldsAsync(() => informer.Store.Get("default", "after") is not null, "the object created after the poison one arrives");

        // A good object turned undecodable keeps its last good version (no false delete); later changes still arrive.
        await _api.Kubernetes.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(Poison("before"), V1Patch.PatchType.MergePatch), "test.example.dev", "v1", "default", "widgets", "before");
        var after = (await widgets.GetAsync("default", "after", default))!;
        after.Spec.Size = 7;
        await widgets.UpdateAsync(after, default);
        await Eventually.HoldsAsync(() => informer.Store.Get("default", "after")?.Spec.Size == 7, "an update after the poisoned update arrives");
        informer.Store.Get("default", "before").Should().NotBeNull("an object that became undecodable is not reported deleted");

        await widgets.DeleteAsync("default", "before", null, default);
        await Eventually.HoldsAsync(() => informer.Store.Get("default", "before") is null, "the deletion of an undecodable object is applied");
        lock (skipped)
        {
            skipped.Should().Contain(["default/poison", "default/before"]);
        }

        informer.Statistics.Lists.Should().Be(1, "no undecodable line ends the watch or forces a relist");
        informer.Statistics.Errors.Should().Be(0);
        output.WriteLine($"MEASURED {informer.Statistics}");
    }

    [Fact]
    public async Task The_operator_host_records_a_warning_event_and_a_metric_naming_the_undecodable_object()
    {
        await CreatePoisonAsync("default", "poison");
        await using var host = await OperatorTestHost.StartAsync(_api, new ReconcileRecorder(), output);

        await Eventually.HoldsAsync(
            async () => (await _api.Client<Corev1Event>().ListAsync("default", null, default)).Items
                .Any(e => e.Reason == "Undecodable" && e.InvolvedObject.Name == "poison" && e.InvolvedObject.Kind == "Widget" && e.Type == "Warning"),
            "an Undecodable event on the object");
        var metrics = await new HttpClient().GetStringAsync(new Uri(host.Services.GetRequiredService<OperatorEndpoints>().MetricsAddress!, "/metrics"));
        metrics.Should().Contain("informer_undecodable_objects_total{resource=\"widgets.test.example.dev\"} 1");
    }

    private Informer<Widget> NewInformer(Action<Backups.Operator.Kubernetes.Client.UndecodableObject> onUndecodable)
    {
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output, "informer")));
        var options = new InformerOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(2) };
        return new Informer<Widget>(_api.Client<Widget>(), options, TimeProvider.System, loggers.CreateLogger<Informer<Widget>>(), onUndecodable);
    }

    private async Task CreatePoisonAsync(string ns, string name)
    {
        if (ns != "default")
        {
            await _api.Client<V1Namespace>().TryCreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, default);
        }

        var body = Poison(name);
        body.RootElement.GetProperty("metadata").GetProperty("name").GetString().Should().Be(name);
        await _api.Kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync(body.RootElement, "test.example.dev", "v1", ns, "widgets");
    }

    /// <summary><c>spec.size</c> is an <c>int</c> in <see cref="WidgetSpec"/>: 2^63 cannot be decoded into it.</summary>
    private static JsonDocument Poison(string name) => JsonDocument.Parse(
        $$$"""{"apiVersion":"test.example.dev/v1","kind":"Widget","metadata":{"name":"{{{name}}}"},"spec":{"size":9223372036854775808}}""");
}
