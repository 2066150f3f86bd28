using System.Text.Json;
using Backups.Operator.DigitalOcean.Internal.Json;
using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.DigitalOcean.Tests.Json;

/// <summary>The JSON shapes of docs/digitalocean-api.md, decoded leniently.</summary>
public sealed class DecodingTests
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, DigitalOceanJson.Options)!;

    [Fact]
    public void Snapshot_action_response_with_region_object()
    {
        const string json = """
            {
              "action": {
                "id": 36804745,
                "status": "in-progress",
                "type": "snapshot",
                "started_at": "2014-11-14T16:30:56Z",
                "completed_at": null,
                "resource_id": 3164450,
                "resource_type": "droplet",
                "region": {
                  "name": "New York 3",
                  "slug": "nyc3",
                  "sizes": ["s-24vcpu-128gb"],
                  "features": ["image_transfer"],
                  "available": true
                },
                "region_slug": "nyc3"
              }
            }
            """;

        var action = DigitalOceanJson.ToModel(Read<ActionEnvelope>(json).Action);

        action.Should().Be(new DropletAction(
            36804745, "in-progress", "snapshot", DateTimeOffset.Parse("2014-11-14T16:30:56Z"), null, 3164450, "droplet", "nyc3"));
        action!.IsInProgress.Should().BeTrue();
    }

    [Fact]
    public void Completed_action_from_the_spec()
    {
        const string json = """
            {"id":982864273,"status":"completed","type":"create","started_at":"2020-07-20T19:37:30Z",
             "completed_at":"2020-07-20T19:37:45Z","resource_id":3164444,"resource_type":"droplet",
             "region":{"name":"New York 3","slug":"nyc3","features":["private_networking","backups","ipv6","metadata","install_agent","image_transfer"],"available":true,"sizes":["s-1vcpu-1gb","..."]},
             "region_slug":"nyc3"}
            """;

        var action = DigitalOceanJson.ToModel(Read<ActionDto>(json))!;

        action.IsCompleted.Should().BeTrue();
        action.CompletedAt.Should().Be(DateTimeOffset.Parse("2020-07-20T19:37:45Z"));
        action.ResourceId.Should().Be(3164444);
    }

    [Fact]
    public void Historical_action_with_a_bare_region_string_and_string_ids()
    {
        const string json = """{"action":{"id":"36804636","status":"errored","type":"snapshot","started_at":"2014-11-14T16:29:21Z","completed_at":"2014-11-14T16:30:06Z","resource_id":"3164444","resource_type":"droplet","region":"nyc1"}}""";

        var action = DigitalOceanJson.ToModel(Read<ActionEnvelope>(json).Action)!;

        action.Id.Should().Be(36804636);
        action.ResourceId.Should().Be(3164444);
        action.RegionSlug.Should().Be("nyc1");
        action.IsErrored.Should().BeTrue();
    }

    [Fact]
    public void Droplet_snapshots_have_integer_ids_and_take_the_droplet_from_the_path()
    {
        const string json = """
            {
              "snapshots": [
                {
                  "id": 6372321,
                  "name": "web-01-1595954862243",
                  "created_at": "2020-07-28T16:47:44Z",
                  "regions": ["nyc3", "sfo3"],
                  "min_disk_size": 25,
                  "size_gigabytes": 2.34,
                  "type": "snapshot"
                }
              ],
              "links": {},
              "meta": {"total": 1}
            }
            """;

        var envelope = Read<SnapshotListEnvelope>(json);
        var snapshot = DigitalOceanJson.ToModel(envelope.Snapshots![0], 200776916)!;

        snapshot.Should().BeEquivalentTo(new
        {
            Id = "6372321",
            Name = "web-01-1595954862243",
            CreatedAt = DateTimeOffset.Parse("2020-07-28T16:47:44Z"),
            ResourceId = 200776916L,
            ResourceType = "droplet",
            SizeGigabytes = 2.34,
            MinDiskSize = 25,
            Regions = new[] { "nyc3", "sfo3" },
            ImageId = 6372321L,
        });
        envelope.Links!.Pages.Should().BeNull("links {} is the last page");
    }

    [Fact]
    public void Account_snapshots_have_string_ids_and_string_resource_ids()
    {
        const string json = """
            {
              "snapshots": [
                {
                  "id": "6372321",
                  "name": "web-01-1595954862243",
                  "created_at": "2020-07-28T16:47:44Z",
                  "regions": ["nyc3", "sfo3"],
                  "resource_id": "200776916",
                  "resource_type": "droplet",
                  "min_disk_size": 25,
                  "size_gigabytes": 2.34,
                  "tags": ["web", "env:prod"]
                }
              ],
              "links": {},
              "meta": {"total": 1}
            }
            """;

        var snapshot = DigitalOceanJson.ToModel(Read<SnapshotListEnvelope>(json).Snapshots![0])!;

        snapshot.Id.Should().Be("6372321");
        snapshot.ImageId.Should().Be(6372321);
        snapshot.ResourceId.Should().Be(200776916);
    }

    [Fact]
    public void Get_snapshot_fixture_from_doctl()
    {
        const string json = """
            {"snapshot":{"id":"53344211","name":"ubuntu-s-1vcpu-1gb-nyc1-01-1570651077842","regions":["nyc1"],
             "created_at":"2019-10-09T19:57:59Z","resource_id":"162347943","resource_type":"droplet",
             "min_disk_size":25,"size_gigabytes":1.01,"tags":[]}}
            """;

        var snapshot = DigitalOceanJson.ToModel(Read<SnapshotEnvelope>(json).Snapshot)!;

        snapshot.Should().Be(snapshot with
        {
            Id = "53344211",
            ResourceId = 162347943,
            SizeGigabytes = 1.01,
            CreatedAt = DateTimeOffset.Parse("2019-10-09T19:57:59Z"),
        });
        snapshot.Regions.Should().Equal("nyc1");
    }

    [Fact]
    public void A_volume_snapshot_uuid_has_no_image_id()
    {
        const string json = """{"snapshot":{"id":"fbe805e8-866b-11e6-96bf-000f53315a41","name":"v","created_at":"2019-10-09T19:57:59Z","regions":[],"resource_id":"82a48a18-873f-11e6-96bf-000f53315a41","resource_type":"volume","min_disk_size":10,"size_gigabytes":0}}""";

        var snapshot = DigitalOceanJson.ToModel(Read<SnapshotEnvelope>(json).Snapshot)!;

        snapshot.ImageId.Should().BeNull();
        snapshot.ResourceId.Should().BeNull();
    }

    [Fact]
    public void Trimmed_droplet_from_the_spec()
    {
        const string json = """
            {"droplet":{"id":3164444,"name":"example.com","memory":1024,"vcpus":1,"disk":25,
             "disk_info":[{"type":"local","size":{"amount":25,"unit":"gib"}}],"locked":false,"status":"active",
             "kernel":null,"created_at":"2020-07-21T18:37:44Z","features":["backups","private_networking","ipv6"],
             "backup_ids":[53893572],"next_backup_window":{"start":"2020-07-30T00:00:00Z","end":"2020-07-30T23:00:00Z"},
             "snapshot_ids":[67512819],"image":{"id":63663980,"name":"20.04 (LTS) x64","type":"snapshot","...":"..."},
             "volume_ids":[],"size":{"slug":"s-1vcpu-1gb","memory":1024,"vcpus":1,"disk":25,"transfer":1.0,
             "price_monthly":5.0,"price_hourly":0.00743999984115362,"regions":["nyc3"],"available":true,"description":"Basic"},
             "size_slug":"s-1vcpu-1gb","networks":{"v4":[],"v6":[]},"region":{"name":"New York 3","slug":"nyc3","...":"..."},
             "tags":["web","env:prod"],"vpc_uuid":"760e09ef-dc84-11e8-981e-3cfdfeaae000"}}
            """;

        var droplet = DigitalOceanJson.ToModel(Read<DropletEnvelope>(json).Droplet)!;

        droplet.Should().BeEquivalentTo(new Droplet(
            3164444, "example.com", "active", false, 25, 1024, 1, "s-1vcpu-1gb", "nyc3", DateTimeOffset.Parse("2020-07-21T18:37:44Z"), [67512819])
        {
            Tags = ["web", "env:prod"],
        });
    }

    [Fact]
    public void The_public_ipv4_is_the_v4_network_of_type_public()
    {
        const string json = """
            {"droplet":{"id":7,"name":"bkv","status":"active","networks":{"v4":[
              {"ip_address":"10.128.192.124","netmask":"255.255.0.0","gateway":"nil","type":"private"},
              {"ip_address":"192.241.165.154","netmask":"255.255.255.0","gateway":"192.241.165.1","type":"public"}],"v6":[]}}}
            """;

        DigitalOceanJson.ToModel(Read<DropletEnvelope>(json).Droplet)!.PublicIPv4.Should().Be("192.241.165.154");
    }

    [Fact]
    public void A_locked_droplet_from_packer_1814()
    {
        var droplet = DigitalOceanJson.ToModel(Read<DropletEnvelope>("""{"droplet":{"id":1,"name":"p","locked":true,"status":"off"}}""").Droplet)!;

        droplet.Locked.Should().BeTrue();
        droplet.Status.Should().Be("off");
        droplet.RegionSlug.Should().BeNull();
        droplet.SnapshotIds.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"actions":[]}""", null)]
    [InlineData("""{"actions":[],"links":{}}""", null)]
    [InlineData("""{"actions":[],"links":{"pages":{}}}""", null)]
    [InlineData("""{"actions":[],"links":{"pages":{"first":"https://api.digitalocean.com/v2/snapshots?page=1","prev":"https://api.digitalocean.com/v2/snapshots?page=1","next":"https://api.digitalocean.com/v2/snapshots?page=3","last":"https://api.digitalocean.com/v2/snapshots?page=3"}},"meta":{"total":43}}""", "https://api.digitalocean.com/v2/snapshots?page=3")]
    public void Pagination_links_may_be_absent_empty_or_full(string json, string? next) =>
        Read<ActionListEnvelope>(json).Links?.Pages?.Next.Should().Be(next);

    [Fact]
    public void Account_with_unknown_fields()
    {
        const string json = """{"account":{"droplet_limit":25,"floating_ip_limit":5,"email":"sammy@digitalocean.com","uuid":"b6fr89dbf6d9156cace5f3c78dc9851d957381ef","email_verified":true,"status":"active","status_message":"","team":{"uuid":"5df3e3004a17e242b7c20ca6c9fc25b701a47ece","name":"My Team"}}}""";

        DigitalOceanJson.ToModel(Read<AccountEnvelope>(json).Account)
            .Should().Be(new Account("b6fr89dbf6d9156cace5f3c78dc9851d957381ef", "sammy@digitalocean.com", "active", 25));
    }

    [Fact]
    public void An_action_without_an_id_is_not_an_action()
    {
        DigitalOceanJson.ToModel(Read<ActionEnvelope>("""{"action":{"status":"in-progress"}}""").Action).Should().BeNull();
    }
}
