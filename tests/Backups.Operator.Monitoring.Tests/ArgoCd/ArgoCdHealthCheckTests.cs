using System.Text.RegularExpressions;
using Backups.Operator.Monitoring.Tests.Support;

namespace Backups.Operator.Monitoring.Tests.ArgoCd;

/// <summary>
/// The Argo CD health checks of docs/argocd/ run with Lua 5.4 (NLua 1.6.0 / KeraLua, native liblua54 on linux-x64) on
/// objects shaped like the operator writes them, and the argocd-cm snippet of docs/argocd-health.md equals the files.
/// </summary>
public sealed partial class ArgoCdHealthCheckTests
{
    [Fact]
    public void An_Available_backup_is_Healthy()
    {
        var health = ArgoCdHealthCheck.Evaluate("Backup", Backup("""{"phase": "Available", "reason": "Completed", "observedGeneration": 1}"""));

        health.Should().Be(new HealthStatus("Healthy", "Available"));
    }

    [Fact]
    public void A_Creating_backup_is_Progressing_with_its_reason_and_a_slow_one_says_so()
    {
        var creating = ArgoCdHealthCheck.Evaluate("Backup", Backup("""
            {"phase": "Creating", "reason": "InProgress", "message": "Snapshot action 42 is in progress.", "observedGeneration": 1}
            """));
        var slow = ArgoCdHealthCheck.Evaluate("Backup", Backup("""
            {"phase": "Creating", "observedGeneration": 1, "conditions": [
              {"type": "Ready", "status": "False", "reason": "InProgress", "message": "in progress"},
              {"type": "Slow", "status": "True", "reason": "Slow", "message": "The snapshot has taken 25 minutes."}]}
            """));

        creating.Should().Be(new HealthStatus("Progressing", "Creating: Snapshot action 42 is in progress."));
        slow.Should().Be(new HealthStatus("Progressing", "Slow: The snapshot has taken 25 minutes."));
    }

    [Fact]
    public void An_Error_backup_is_Degraded_with_its_reason_and_message()
    {
        var health = ArgoCdHealthCheck.Evaluate("Backup", Backup("""
            {"phase": "Error", "reason": "ActionErrored", "message": "DigitalOcean's snapshot action ended errored.", "observedGeneration": 1}
            """));

        health.Should().Be(new HealthStatus("Degraded", "ActionErrored: DigitalOcean's snapshot action ended errored."));
    }

    [Fact]
    public void A_backup_without_status_being_deleted_or_not_yet_observed_is_Progressing()
    {
        ArgoCdHealthCheck.Evaluate("Backup", """{"metadata": {"name": "b", "generation": 1}}""").Status.Should().Be("Progressing");
        ArgoCdHealthCheck.Evaluate("Backup", """{"metadata": {"name": "b", "generation": 1, "deletionTimestamp": "2026-01-01T00:00:00Z"}, "status": {"phase": "Available", "observedGeneration": 1}}""")
            .Should().Be(new HealthStatus("Progressing", "Deleting the snapshot"));
        ArgoCdHealthCheck.Evaluate("Backup", """{"metadata": {"name": "b", "generation": 2}, "status": {"phase": "Error", "observedGeneration": 1}}""")
            .Should().Be(new HealthStatus("Progressing", "Waiting for the operator to observe generation 2"));
    }

    [Fact]
    public void A_Succeeded_restore_is_Healthy_a_Failed_one_Degraded_and_a_running_one_Progressing()
    {
        ArgoCdHealthCheck.Evaluate("BackupRestore", Restore("""{"phase": "Succeeded", "reason": "Completed", "observedGeneration": 1}"""))
            .Should().Be(new HealthStatus("Healthy", "Succeeded"));
        ArgoCdHealthCheck.Evaluate("BackupRestore", Restore("""{"phase": "Failed", "reason": "NotOwner", "message": "The snapshot belongs to another droplet.", "observedGeneration": 1}"""))
            .Should().Be(new HealthStatus("Degraded", "NotOwner: The snapshot belongs to another droplet."));
        ArgoCdHealthCheck.Evaluate("BackupRestore", Restore("""{"phase": "BackingUp", "message": "Taking the safety backup.", "observedGeneration": 1}"""))
            .Should().Be(new HealthStatus("Progressing", "BackingUp: Taking the safety backup."));
    }

    [Fact]
    public void A_Ready_policy_is_Healthy_a_failing_one_Degraded_and_a_suspended_one_Suspended()
    {
        ArgoCdHealthCheck.Evaluate("BackupPolicy", Policy(suspend: false, """{"type": "Ready", "status": "True", "reason": "Reconciled", "message": "Next backup at 03:00."}"""))
            .Should().Be(new HealthStatus("Healthy", "Reconciled: Next backup at 03:00."));
        ArgoCdHealthCheck.Evaluate("BackupPolicy", Policy(suspend: false, """{"type": "Ready", "status": "False", "reason": "Unauthorized", "message": "DigitalOcean refused the token."}"""))
            .Should().Be(new HealthStatus("Degraded", "Unauthorized: DigitalOcean refused the token."));
        ArgoCdHealthCheck.Evaluate("BackupPolicy", Policy(suspend: true, """{"type": "Ready", "status": "True", "reason": "Reconciled", "message": ""}"""))
            .Status.Should().Be("Suspended");
    }

    [Fact]
    public void The_argocd_cm_snippet_in_the_docs_is_the_three_files_verbatim()
    {
        var doc = File.ReadAllText(Path.Combine(MonitoringPaths.ArgoCdChecks, "..", "argocd-health.md"));

        foreach (var kind in new[] { "Backup", "BackupPolicy", "BackupRestore" })
        {
            var script = File.ReadAllText(Path.Combine(MonitoringPaths.ArgoCdChecks, $"backup.platform.dev_{kind}.lua")).TrimEnd('\n');
            var indented = IndentPattern().Replace(script, "    ");
            doc.Should().Contain($"  resource.customizations.health.backup.platform.dev_{kind}: |\n{indented}\n");
        }
    }

    private static string Backup(string status) => $$"""{"apiVersion": "backup.platform.dev/v1alpha1", "kind": "Backup", "metadata": {"name": "shop-1", "namespace": "team-a", "generation": 1}, "status": {{status}}}""";

    private static string Restore(string status) => $$"""{"apiVersion": "backup.platform.dev/v1alpha1", "kind": "BackupRestore", "metadata": {"name": "rollback", "namespace": "team-a", "generation": 1}, "status": {{status}}}""";

    private static string Policy(bool suspend, string ready) =>
        """{"metadata": {"name": "shop", "generation": 3}, "spec": {"dropletId": 1, "suspend": """ + (suspend ? "true" : "false") +
        """}, "status": {"observedGeneration": 3, "conditions": [""" + ready + "]}}";

    [GeneratedRegex("^", RegexOptions.Multiline)]
    private static partial Regex IndentPattern();
}
