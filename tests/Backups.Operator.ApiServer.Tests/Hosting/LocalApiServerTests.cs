using System.Net;
using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Hosting;

public sealed class LocalApiServerTests
{
    [Fact]
    public async Task The_written_kubeconfig_is_usable_by_KubernetesClient()
    {
        await using var server = await StartAsync(installCrds: false);
        var directory = Directory.CreateTempSubdirectory("apiserver-kubeconfig-");
        try
        {
            var path = server.WriteKubeconfig(Path.Combine(directory.FullName, "nested", "kubeconfig"));
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

            var namespaces = await client.CoreV1.ListNamespaceAsync();

            namespaces.Items.Select(n => n.Metadata.Name).Should().Contain(["default", "kube-system"]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RestartAsync_drops_watches_and_keeps_state_and_the_port()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var created = await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        await using var watch = WatchRecorder.Backups(client, created.ResourceVersionOf());
        var port = server.Port;

        await server.RestartAsync();
        await watch.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        using var fresh = server.Client();
        var after = await fresh.GetAsync(BackupsPlural, "b0");
        await fresh.CreateAsync(BackupsPlural, CustomObjects.Backup("b1"));
        await using var resumed = WatchRecorder.Backups(fresh, created.ResourceVersionOf());
        await resumed.WaitForAsync(1, "the change made after the restart");

        server.Port.Should().Be(port);
        after.ResourceVersionOf().Should().Be(created.ResourceVersionOf());
        resumed.Describe().Should().Equal("Added b1");
    }

    [Fact]
    public async Task Installing_a_CRD_with_an_unsupported_rule_fails_loudly()
    {
        await using var server = await StartAsync(installCrds: false);
        var yaml = (await File.ReadAllTextAsync(Path.Combine(FixtureDirectory("crds"), "backup.platform.dev_backups.yaml")))
            .Replace("self.policyName == oldSelf.policyName", "self.policyName.format(['x']) == 'y'", StringComparison.Ordinal);

        var act = () => server.InstallCrds(yaml);

        act.Should().Throw<InvalidOperationException>().WithMessage("*x-kubernetes-validations[0].rule*not supported*");
    }

    [Fact]
    public async Task Options_are_validated_at_start()
    {
        var act = () => LocalApiServer.StartAsync(new LocalApiServerOptions { WatchHistorySize = 0 });

        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("WatchHistorySize");
    }

    [Fact]
    public async Task Discovery_and_OpenAPI_follow_CRD_installation()
    {
        await using var server = await StartAsync(installCrds: false);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var before = await http.GetStringAsync("/apis");
        await server.InstallCrdsFromDirectoryAsync(FixtureDirectory("crds"));

        var groups = await http.GetStringAsync("/apis");
        var resources = await http.GetStringAsync($"/apis/{Group}/{CrVersion}");
        var root = await http.GetStringAsync("/openapi/v3");
        var document = await http.GetStringAsync($"/openapi/v3/apis/{Group}/{CrVersion}");
        var missing = await http.GetAsync("/openapi/v2");

        before.Should().NotContain(Group);
        groups.Should().Contain($"\"groupVersion\":\"{Group}/{CrVersion}\"");
        resources.Should().Contain("\"name\":\"backuppolicies\"").And.Contain("\"shortNames\":[\"bkp\"]").And.Contain("\"name\":\"backuppolicies/status\"");
        root.Should().Contain($"apis/{Group}/{CrVersion}?hash=");
        document.Should().Contain("/apis/backup.platform.dev/v1alpha1/namespaces/{namespace}/backuppolicies/{name}").And.Contain("\"fieldValidation\"").And.Contain("\"kind\":\"BackupPolicy\"");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Table_requests_get_the_printer_columns()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(PoliciesPlural, CustomObjects.Policy("shop"));
        await client.MergePatchStatusAsync(PoliciesPlural, "shop", new { status = new { conditions = new[] { new { type = "Ready", status = "True" } } } });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/apis/{Group}/{CrVersion}/namespaces/default/{PoliciesPlural}?limit=500");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        using var response = await http.SendAsync(request);
        var table = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        table["kind"]!.GetValue<string>().Should().Be("Table");
        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Equal("Name", "Plan", "Droplet", "Ready", "Backups", "Age");
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        cells[0]!.GetValue<string>().Should().Be("shop");
        cells[1]!.GetValue<string>().Should().Be("Pro");
        cells[2]!.GetValue<long>().Should().Be(3164444);
        cells[3]!.GetValue<string>().Should().Be("True");
        cells[4].Should().BeNull();
        table["rows"]![0]!["object"]!["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
    }
}
