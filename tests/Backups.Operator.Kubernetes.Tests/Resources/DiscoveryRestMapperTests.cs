using Backups.Operator.Kubernetes.Hosting;
using Backups.Operator.Kubernetes.Resources;
using Microsoft.Extensions.Options;
using Backups.Operator.Testing.Kubernetes;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Resources;

/// <summary>The discovery RESTMapper against the local API server's discovery documents.</summary>
public sealed class DiscoveryRestMapperTests
{
    private const string CactusCrd = TestCustomResourceDefinitions.IrregularPluralCactus;

    [Fact]
    public async Task Irregular_plurals_and_scopes_come_from_discovery_never_from_a_guess()
    {
        await using var api = await TestApiServer.StartAsync();
        api.Server.InstallCrds(CactusCrd);
        var mapper = Mapper(api, new FakeTimeProvider());

        var cactus = await mapper.FindAsync("garden.example.com/v1", "Cactus", CancellationToken.None);
        cactus.Should().Be(new RestMapping("garden.example.com", "v1", "Cactus", "cacti", Namespaced: true));
        cactus!.CollectionPath("team-a").Should().Be("/apis/garden.example.com/v1/namespaces/team-a/cacti");

        var ns = await mapper.FindAsync("v1", "Namespace", CancellationToken.None);
        ns!.Plural.Should().Be("namespaces");
        ns.Namespaced.Should().BeFalse();
        ns.CollectionPath("ignored").Should().Be("/api/v1/namespaces");

        (await mapper.FindAsync("garden.example.com/v1", "Cacti", CancellationToken.None)).Should().BeNull();
        (await mapper.FindAsync("nowhere.example.com/v1", "Thing", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Discovery_is_cached_and_read_again_on_a_miss_at_most_once_per_refresh_interval()
    {
        await using var api = await TestApiServer.StartAsync();
        var time = new FakeTimeProvider();
        var mapper = Mapper(api, time);

        (await mapper.FindAsync("garden.example.com/v1", "Cactus", CancellationToken.None)).Should().BeNull();
        api.Server.InstallCrds(CactusCrd);
        (await mapper.FindAsync("garden.example.com/v1", "Cactus", CancellationToken.None)).Should().BeNull("a miss re-reads discovery at most once per interval");
        mapper.DiscoveryReads.Should().Be(1);

        time.Advance(DiscoveryRestMapper.MissRefreshInterval);
        (await mapper.FindAsync("garden.example.com/v1", "Cactus", CancellationToken.None))!.Plural.Should().Be("cacti");
        (await mapper.FindAsync("garden.example.com/v1", "Cactus", CancellationToken.None))!.Plural.Should().Be("cacti");
        mapper.DiscoveryReads.Should().Be(2, "hits are served from the cache");
    }

    private static DiscoveryRestMapper Mapper(TestApiServer api, TimeProvider time) =>
        new(Options.Create(new OperatorRuntimeOptions { ClientConfiguration = api.Server.CreateClientConfiguration() }), time);
}
