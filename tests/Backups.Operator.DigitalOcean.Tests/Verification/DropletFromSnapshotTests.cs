using System.Net.Sockets;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Backups.Operator.DigitalOcean.Tests.TestSupport;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.State;

namespace Backups.Operator.DigitalOcean.Tests.Verification;

/// <summary>Droplets created from a snapshot image, listed by tag and destroyed: the client against the simulator over HTTP.</summary>
public sealed class DropletFromSnapshotTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_droplet_from_a_snapshot_goes_from_new_to_active_with_its_tags_a_public_address_and_the_snapshots_data()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var snapshot = await SnapshotOfShopAsync(scope);

        var created = await client.CreateDropletAsync(Request(snapshot, "bkv-team-a-check-1"), Ct);

        created.Kind.Should().Be(DoResultKind.Ok);
        created.Value!.Droplet.Status.Should().Be("new");
        created.Value.Droplet.PublicIPv4.Should().BeNull("a new droplet has no address yet");
        created.Value.Droplet.Tags.Should().Equal("backups-operator", "uid-1");
        created.Value.CreateActionId.Should().NotBeNull("the 202 links the create action");
        scope.State.Requests.Entries().Last().StatusCode.Should().Be(202);
        var action = await client.GetActionAsync(created.Value.CreateActionId!.Value, Ct);
        action.Value!.Type.Should().Be("create");
        action.Value.ResourceId.Should().Be(created.Value.Droplet.Id);

        scope.CompleteActions();

        var active = (await client.GetDropletAsync(created.Value.Droplet.Id, Ct)).Value!;
        active.Status.Should().Be("active");
        active.SizeSlug.Should().Be("s-2vcpu-4gb");
        active.RegionSlug.Should().Be("nyc3");
        active.PublicIPv4.Should().StartWith("127.", "the simulator serves each droplet's application on a loopback address of its own");
        scope.State.FindDroplet(active.Id)!.DataVersion.Should().Be("shop-v1", "the new droplet holds the snapshot's data");
        scope.State.FindDroplet(SimulatorScope.ShopDroplet)!.Status.Should().Be("active", "the customer's droplet is untouched");
        (await ConnectAsync(active.PublicIPv4!, 8080)).Should().BeTrue("a healthy snapshot's application listens");
    }

    [Fact]
    public async Task A_droplet_from_a_corrupt_snapshot_boots_but_its_application_refuses_connections()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var snapshot = await SnapshotOfShopAsync(scope);
        scope.State.SetSnapshotCorrupt(snapshot.ImageId!.Value, corrupt: true);

        var created = (await client.CreateDropletAsync(Request(snapshot, "bkv-corrupt"), Ct)).Value!;
        scope.CompleteActions();

        var active = (await client.GetDropletAsync(created.Droplet.Id, Ct)).Value!;
        active.Status.Should().Be("active");
        (await ConnectAsync(active.PublicIPv4!, 8080)).Should().BeFalse("nothing listens on a droplet booted from corrupt data");
    }

    [Fact]
    public async Task Listing_by_tag_returns_only_the_tokens_own_tagged_droplets_and_delete_is_idempotent()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var snapshot = await SnapshotOfShopAsync(scope);
        var created = (await client.CreateDropletAsync(Request(snapshot, "bkv-listed"), Ct)).Value!;

        (await client.ListDropletsByTagAsync("backups-operator", Ct)).Value!.Select(d => d.Id).Should().Equal(created.Droplet.Id);
        (await client.ListDropletsByTagAsync("uid-2", Ct)).Value.Should().BeEmpty();
        (await scope.ClientB().ListDropletsByTagAsync("backups-operator", Ct)).Value.Should().BeEmpty("another account's droplets are invisible");

        (await scope.ClientB().DeleteDropletAsync(created.Droplet.Id, Ct)).Value.Should().Be(DropletDeletion.AlreadyGone);
        scope.State.FindDroplet(created.Droplet.Id).Should().NotBeNull("another token cannot delete it");
        (await client.DeleteDropletAsync(created.Droplet.Id, Ct)).Value.Should().Be(DropletDeletion.Deleted);
        (await client.DeleteDropletAsync(created.Droplet.Id, Ct)).Value.Should().Be(DropletDeletion.AlreadyGone);
        (await client.ListDropletsByTagAsync("backups-operator", Ct)).Value.Should().BeEmpty();
        scope.State.ListDestroyedDroplets().Should().ContainSingle(d => d.Id == created.Droplet.Id);
    }

    [Fact]
    public async Task The_account_droplet_limit_is_a_422_in_DigitalOceans_words()
    {
        await using var scope = await SimulatorScope.StartAsync();
        const string token = "dop_v1_test_limited_0a1b2c3d4e5f";
        scope.State.AddAccount(token, "limited@example.com", dropletLimit: 1);
        var shop = scope.State.AddDroplet(token, new DropletSpec { Name = "small", DiskGigabytes = 25, UsedGigabytes = 1 });
        var client = scope.Factory.Create(token);
        (await client.SnapshotDropletAsync(shop.Id, "small-1", Ct)).IsOk.Should().BeTrue();
        scope.CompleteActions();
        var snapshot = (await client.ListDropletSnapshotsAsync(shop.Id, Ct)).Value!.Single();

        var refused = await client.CreateDropletAsync(new DropletCreateRequest("bkv-limited", "nyc3", "s-1vcpu-1gb", snapshot.ImageId!.Value, ["backups-operator"]), Ct);

        refused.Kind.Should().Be(DoResultKind.InvalidRequest);
        refused.Error!.StatusCode.Should().Be(422);
        refused.Error.Message.Should().Be("creating this/these droplet(s) will exceed your droplet limit");
        refused.Error.IsDropletLimit.Should().BeTrue();
    }

    [Fact]
    public async Task A_size_smaller_than_the_snapshot_or_another_region_is_refused()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var snapshot = await SnapshotOfShopAsync(scope);

        var small = await client.CreateDropletAsync(Request(snapshot, "bkv-small") with { Size = "s-1vcpu-1gb" }, Ct);
        var elsewhere = await client.CreateDropletAsync(Request(snapshot, "bkv-elsewhere") with { Region = "fra1" }, Ct);

        small.Kind.Should().Be(DoResultKind.InvalidRequest);
        small.Error!.IsDropletLimit.Should().BeFalse();
        elsewhere.Kind.Should().Be(DoResultKind.InvalidRequest);
        scope.State.ListDropletsWithTag("backups-operator").Should().BeEmpty();
    }

    [Fact]
    public async Task A_create_whose_response_is_lost_is_Ambiguous_and_the_droplet_is_found_by_its_tag()
    {
        await using var scope = await SimulatorScope.StartAsync();
        var client = scope.ClientA();
        var snapshot = await SnapshotOfShopAsync(scope);
        scope.State.Faults.Add(new FaultRule { Operation = "create_droplet", Kind = FaultKind.DropConnection, AfterCommit = true, Count = 1 });

        var lost = await client.CreateDropletAsync(Request(snapshot, "bkv-lost"), Ct);

        lost.Kind.Should().Be(DoResultKind.Ambiguous);
        (await client.ListDropletsByTagAsync("uid-1", Ct)).Value!.Should().ContainSingle(d => d.Name == "bkv-lost");
    }

    [Fact]
    public async Task Sizes_list_disk_and_hourly_price()
    {
        await using var scope = await SimulatorScope.StartAsync();

        var sizes = (await scope.ClientA().ListSizesAsync(Ct)).Value!;

        sizes.Should().Contain(s => s.Slug == "s-1vcpu-1gb" && s.DiskGigabytes == 25 && s.PriceHourly > 0 && s.Regions.Contains("nyc3"));
        sizes.Select(s => s.DiskGigabytes).Should().BeInAscendingOrder();
    }

    private static DropletCreateRequest Request(Snapshot snapshot, string name) =>
        new(name, "nyc3", "s-2vcpu-4gb", snapshot.ImageId!.Value, ["backups-operator", "uid-1"]);

    private static async Task<Snapshot> SnapshotOfShopAsync(SimulatorScope scope)
    {
        var client = scope.ClientA();
        (await client.SnapshotDropletAsync(SimulatorScope.ShopDroplet, "team-a-shop-1", Ct)).IsOk.Should().BeTrue();
        scope.CompleteActions();
        return (await client.ListDropletSnapshotsAsync(SimulatorScope.ShopDroplet, Ct)).Value!.Single();
    }

    private static async Task<bool> ConnectAsync(string address, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
