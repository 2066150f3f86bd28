using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Events;
using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.LeaderElection;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Tests.Hosting;

public sealed class OperatorServiceCollectionExtensionsTests
{
    [Fact]
    public void Controllers_must_be_added_after_the_runtime()
    {
        var act = () => new ServiceCollection().AddController<Widget, WidgetReconciler>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*AddOperatorRuntime*");
    }

    [Fact]
    public void The_runtime_resolves_typed_clients_for_any_kind_and_its_services()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOperatorRuntime(o => o.ClientConfiguration = new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        using var host = builder.Build();

        host.Services.GetRequiredService<IResourceClient<V1Secret>>().Should().NotBeNull();
        host.Services.GetRequiredService<IResourceClient<Widget>>().Should().NotBeNull();
        host.Services.GetRequiredService<IInformerFactory>().Should().NotBeNull();
        host.Services.GetRequiredService<IEventRecorder>().Should().NotBeNull();
        host.Services.GetRequiredService<ILeaderElection>().IsLeader.Should().BeTrue("leader election is off by default");
        host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.Should().Be(TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task Invalid_options_fail_the_host_before_anything_runs()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOperatorRuntime(o =>
        {
            o.ClientConfiguration = new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" };
            o.MetricsPort = 70000;
        });
        // The shutdown budget is applied to HostOptions, so validation already fails while the host is built.
        var act = async () =>
        {
            using var host = builder.Build();
            await host.StartAsync();
        };

        await act.Should().ThrowAsync<OptionsValidationException>().WithMessage("*MetricsPort*");
    }
}
