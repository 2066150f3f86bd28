using Backups.Operator.Api;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>A token that can never be sent to DigitalOcean is the user's mistake: Error with a reason, never a stack trace.</summary>
public sealed class BackupCredentialsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("dop_v1_abc\u0000def")]
    [InlineData("dop_v1_abc\ndop_v1_def")]
    [InlineData("dop_v1_abc\u0007def")]
    public async Task A_token_that_cannot_be_an_HTTP_header_is_Error_InvalidCredentials_without_a_stack_trace(string token)
    {
        var (harness, logs) = await BackupScenario.StartAsync(output);
        await using var _h = harness;
        var ns = await harness.CreateNamespaceWithTokenAsync(token: token);
        await BackupScenario.CreateQuietPolicyAsync(harness, ns, "shop");

        await harness.CreateBackupAsync(ns, "now", "shop");
        var backup = await harness.AdvanceUntilBackupAsync(ns, "now", b => BackupScenario.IsPhase(b, BackupPhase.Error), step: TimeSpan.FromSeconds(5));

        backup.Status.Reason.Should().Be(Reasons.InvalidCredentials);
        backup.Status.Message.Should().Contain($"Secret '{Harness.OperatorHarness.TokenSecretName}'").And.NotContain("dop_v1_abc");
        harness.RequestCount("snapshot_droplet").Should().Be(0);
        // (A routine 409 on a policy status write is still logged with a trace by the runtime today; that is not about the token.)
        logs.Lines.Where(l => !l.Contains("'Conflict'", StringComparison.Ordinal))
            .Should().NotContain(l => l.Contains("   at ", StringComparison.Ordinal), "a user's mistake is not logged with a stack trace");
        logs.Lines.Should().NotContain(l => l.Contains("dop_v1_abc", StringComparison.Ordinal));
    }
}
