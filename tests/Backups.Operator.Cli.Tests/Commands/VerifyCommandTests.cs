using Backups.Operator.Api;
using Backups.Operator.Cli.Commands;
using Backups.Operator.Cli.Tests.TestSupport;
using Backups.Operator.Cli.Waiting;

namespace Backups.Operator.Cli.Tests.Commands;

/// <summary><c>kubectl backup verify</c> on an in-memory namespace: what it creates, what it refuses before creating anything.</summary>
public sealed class VerifyCommandTests
{
    [Fact]
    public async Task Verify_with_an_http_probe_creates_a_verification_of_the_backup_with_a_generated_name()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);
        cli.Api.AddBackup("shop-before-v2", "shop", BackupPhase.Available);

        (await cli.RunAsync("verify", "shop-before-v2", "--http", "8080", "--path", "/healthz")).Should().Be(ExitCodes.Success);

        var created = cli.Api.Verifications.Should().ContainSingle().Subject;
        created.Name.Should().Be("shop-before-v2-verify-abcde");
        created.Spec.BackupName.Should().Be("shop-before-v2");
        created.Spec.Probe.HttpGet.Should().BeEquivalentTo(new HttpGetProbe { Port = 8080, Path = "/healthz", ExpectedStatus = 200 });
        created.Spec.Probe.TcpSocket.Should().BeNull();
        created.Spec.Size.Should().BeNull();
        cli.Output.Should().StartWith("backupverification.backup.platform.dev/shop-before-v2-verify-abcde created");
    }

    [Fact]
    public async Task Verify_with_a_tcp_probe_and_a_size()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);
        cli.Api.AddBackup("shop-before-v2", "shop", BackupPhase.Available);

        (await cli.RunAsync("verify", "shop-before-v2", "--tcp", "22", "--size", "s-2vcpu-4gb")).Should().Be(ExitCodes.Success);

        var created = cli.Api.Verifications.Should().ContainSingle().Subject;
        created.Spec.Probe.TcpSocket!.Port.Should().Be(22);
        created.Spec.Probe.HttpGet.Should().BeNull();
        created.Spec.Size.Should().Be("s-2vcpu-4gb");
    }

    [Theory]
    [InlineData("shop-before-v2")]
    [InlineData("shop-before-v2", "--http", "80", "--tcp", "22")]
    [InlineData("shop-before-v2", "--tcp", "22", "--path", "/")]
    public async Task Verify_without_exactly_one_probe_is_a_usage_error_and_creates_nothing(params string[] args)
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);
        cli.Api.AddBackup("shop-before-v2", "shop", BackupPhase.Available);

        (await cli.RunAsync(["verify", .. args])).Should().Be(ExitCodes.Usage);

        cli.Api.Verifications.Should().BeEmpty();
    }

    [Fact]
    public async Task Verify_of_a_backup_that_is_not_available_or_missing_is_refused_and_creates_nothing()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);
        cli.Api.AddBackup("shop-running", "shop", BackupPhase.Creating);

        (await cli.RunAsync("verify", "shop-running", "--tcp", "22")).Should().Be(ExitCodes.Refused);
        cli.Error.Should().Contain("only an Available backup can be verified");
        (await cli.RunAsync("verify", "nope", "--tcp", "22")).Should().Be(ExitCodes.NotFound);

        cli.Api.Verifications.Should().BeEmpty();
    }

    [Fact]
    public void The_wait_ends_only_when_the_verification_has_a_result_and_its_droplet_is_destroyed()
    {
        ProgressText.VerificationDone(new BackupVerificationStatus { Phase = VerificationPhase.Probing }).Should().BeFalse();
        ProgressText.VerificationDone(new BackupVerificationStatus { Phase = VerificationPhase.Passed, CleanedUp = false }).Should().BeFalse();
        ProgressText.VerificationDone(new BackupVerificationStatus { Phase = VerificationPhase.Passed, CleanedUp = true }).Should().BeTrue();
        ProgressText.VerificationDone(new BackupVerificationStatus { Phase = VerificationPhase.Failed }).Should().BeTrue("a run that never had a droplet has nothing to destroy");
        VerifyCommand.GeneratedPrefix(new string('a', 300)).Length.Should().BeLessThanOrEqualTo(253 - 5);
    }
}
