using System.Net;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Faults;

public sealed class ApiServerFaultsTests
{
    [Fact]
    public async Task CloseAllWatches_ends_open_streams_normally()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        await using var watch = WatchRecorder.Backups(client, resourceVersion: null);
        await watch.WaitForAsync(1, "the initial event");

        server.Faults.CloseAllWatches();

        await watch.Completion;
        watch.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task ExpireNextWatches_answers_the_next_watch_with_410()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        server.Faults.ExpireNextWatches();

        await using var expired = WatchRecorder.Backups(client, server.ResourceVersion.ToString());
        await expired.Completion;
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        await using var next = WatchRecorder.Backups(client, resourceVersion: null);
        await next.WaitForAsync(1, "a normal watch after the injected expiry");

        expired.Errors.Should().ContainSingle().Which.Should().BeOfType<KubernetesException>().Which.Status.Code.Should().Be(410);
        next.Describe().Should().Equal("Added b0");
    }

    [Fact]
    public async Task CompactHistory_makes_every_older_resourceVersion_expire()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var created = await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b1"));

        server.Faults.CompactHistory();
        await using var watch = WatchRecorder.Backups(client, created.ResourceVersionOf());
        await watch.Completion;

        watch.Errors.Should().ContainSingle().Which.Should().BeOfType<KubernetesException>().Which.Status.Code.Should().Be(410);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(409)]
    public async Task FailWrites_fails_writes_with_the_chosen_status_and_leaves_reads_alone(int status)
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        server.Faults.FailWrites(1.0, status);

        var failure = await CustomObjects.FailsAsync(() => client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0")));
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural);
        server.Faults.Reset();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));

        failure.Response.StatusCode.Should().Be((HttpStatusCode)status);
        list.Should().NotBeNull();
        server.Faults.FailedWrites.Should().Be(1);
    }

    [Fact]
    public async Task FailWrites_with_a_fraction_fails_some_writes_and_not_others()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        server.Faults.FailWrites(0.5);
        var failures = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await client.CreateAsync(BackupsPlural, CustomObjects.Backup($"b{i}"));
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                failures++;
            }
        }

        failures.Should().BeInRange(1, 39);
        server.Faults.FailedWrites.Should().Be(failures);
    }

    [Fact]
    public async Task Invalid_fault_settings_are_rejected()
    {
        await using var server = await StartAsync(installCrds: false);

        var fraction = () => server.Faults.FailWrites(1.5);
        var status = () => server.Faults.FailWrites(0.5, 404);
        var latency = () => server.Faults.Latency = TimeSpan.FromSeconds(-1);

        fraction.Should().Throw<ArgumentOutOfRangeException>();
        status.Should().Throw<ArgumentOutOfRangeException>();
        latency.Should().Throw<ArgumentOutOfRangeException>();
    }
}
