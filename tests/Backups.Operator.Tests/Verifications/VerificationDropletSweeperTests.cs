using Backups.Operator.Api;
using Backups.Operator.Controllers.Verifications;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.Simulator.State;
using Backups.Operator.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Backups.Operator.Tests.Restores.BackupRestoreReconcilerTests;

namespace Backups.Operator.Tests.Verifications;

/// <summary>The sweep of leaked verification droplets: only tagged ones whose verification is gone, only with the token that sees them.</summary>
public sealed class VerificationDropletSweeperTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_sweep_destroys_a_leaked_tagged_droplet_and_never_an_untagged_one_a_live_ones_or_another_accounts()
    {
        await using var h = await OperatorHarness.StartAsync(output);
        var (ns, _) = await BackupOfSuspendedPolicyAsync(h, "before-v2");
        var backup = (await h.Backups.GetAsync(ns, "before-v2", CancellationToken.None))!;
        var image = long.Parse(backup.Status!.SnapshotId!, System.Globalization.CultureInfo.InvariantCulture);
        var factory = h.Services.GetRequiredService<IDigitalOceanClientFactory>();
        var client = factory.Create(h.Token);
        var leakedUid = Guid.NewGuid().ToString("D");
        var leaked = (await client.CreateDropletAsync(new DropletCreateRequest("bkv-" + leakedUid, "nyc3", "s-1vcpu-2gb", image, [ApiConstants.VerificationDropletTag, leakedUid]), CancellationToken.None)).Value!;
        var untagged = (await client.CreateDropletAsync(new DropletCreateRequest("bkv-" + Guid.NewGuid().ToString("D"), "nyc3", "s-1vcpu-2gb", image, []), CancellationToken.None)).Value!;
        var young = Guid.NewGuid().ToString("D");

        // Another account with its own leaked-looking droplet: no policy uses its token, so the operator never sees it.
        const string otherToken = "dop_v1_harness_other_1a2b3c4d5e6f";
        h.SimulatorState.AddAccount(otherToken, "other@example.com");
        var theirs = h.SimulatorState.AddDroplet(otherToken, new DropletSpec { Name = "theirs", DiskGigabytes = 25, UsedGigabytes = 1 });
        var otherClient = factory.Create(otherToken);
        (await otherClient.SnapshotDropletAsync(theirs.Id, "theirs-1", CancellationToken.None)).IsOk.Should().BeTrue();
        await h.AdvanceAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));
        var theirImage = (await otherClient.ListDropletSnapshotsAsync(theirs.Id, CancellationToken.None)).Value!.Single().ImageId!.Value;
        var otherUid = Guid.NewGuid().ToString("D");
        var othersLeaked = (await otherClient.CreateDropletAsync(new DropletCreateRequest("bkv-" + otherUid, "nyc3", "s-1vcpu-1gb", theirImage, [ApiConstants.VerificationDropletTag, otherUid]), CancellationToken.None)).Value!;

        await h.AdvanceAsync(TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(1));
        var youngDroplet = (await client.CreateDropletAsync(new DropletCreateRequest("bkv-" + young, "nyc3", "s-1vcpu-2gb", image, [ApiConstants.VerificationDropletTag, young]), CancellationToken.None)).Value!;
        var swept = await h.Services.GetRequiredService<VerificationDropletSweeper>().SweepAsync(CancellationToken.None);

        swept.Should().Be(1);
        h.SimulatorState.FindDroplet(leaked.Droplet.Id).Should().BeNull("its verification does not exist");
        h.SimulatorState.FindDroplet(untagged.Droplet.Id).Should().NotBeNull("a droplet without the tag is never touched");
        h.SimulatorState.FindDroplet(youngDroplet.Droplet.Id).Should().NotBeNull("a young droplet may belong to a verification the cache has not seen yet");
        h.SimulatorState.FindDroplet(othersLeaked.Droplet.Id).Should().NotBeNull("another account's droplets are only seen with its own token");
        h.SimulatorState.FindDroplet(h.DropletId).Should().NotBeNull();
    }
}
