using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Backups.Operator.Kubernetes.Controllers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Harness;

public sealed class OperatorHarnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Starts_the_operator_with_its_four_controllers_against_the_api_server_and_simulator()
    {
        await using var harness = await OperatorHarness.StartAsync(output);

        harness.IsOperatorRunning.Should().BeTrue();
        harness.Droplets.Should().HaveCount(2);
        harness.Services.GetServices<IControllerStatus>().Select(c => c.Name).Should().BeEquivalentTo("backuppolicy", "backup", "backuprestore", "backupverification");
        var metrics = await harness.ScrapeMetricsAsync();
        metrics.Should().Contain("controller_runtime_reconcile_total");
    }

    [Fact]
    public async Task Creates_a_namespace_with_the_token_secret()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);

        var ns = await harness.CreateNamespaceWithTokenAsync();

        var secret = await harness.Secrets.GetAsync(ns, OperatorHarness.TokenSecretName, CancellationToken.None);
        secret.Should().NotBeNull();
        var token = secret!.Data is { } data ? System.Text.Encoding.UTF8.GetString(data[OperatorHarness.TokenSecretKey]) : secret.StringData[OperatorHarness.TokenSecretKey];
        token.Should().Be(harness.Token);
    }

    [Fact]
    public async Task Advancing_the_clock_completes_simulator_actions()
    {
        await using var harness = await OperatorHarness.StartAsync(output, o => o.StartOperator = false);
        using var http = new HttpClient { BaseAddress = harness.Simulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/droplets/{harness.DropletId}/actions")
        {
            Content = JsonContent.Create(new { type = "snapshot", name = "harness-probe" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", harness.Token);
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created);

        var advanced = await harness.AdvanceUntilAsync(
            _ => Task.FromResult(harness.SnapshotsOfDroplet(harness.DropletId).Count == 1),
            TimeSpan.FromSeconds(5),
            TimeSpan.FromMinutes(10),
            because: "the snapshot action to complete");

        // 5 GB at 6 s/GB: 30 s of fake time, reached in 5 s steps.
        advanced.Should().Be(TimeSpan.FromSeconds(30));
        harness.SnapshotsOfDroplet(harness.DropletId)[0].Name.Should().Be("harness-probe");
    }

    [Fact]
    public async Task Restarting_the_operator_keeps_cluster_and_simulator_state()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var ns = await harness.CreateNamespaceWithTokenAsync();

        await harness.RestartOperatorAsync(kill: true);

        harness.IsOperatorRunning.Should().BeTrue();
        (await harness.Namespaces.GetAsync(null, ns, CancellationToken.None)).Should().NotBeNull();
        harness.Droplets.Should().OnlyContain(d => harness.SimulatorState.FindDroplet(d.Id) != null);
    }
}
