using Backups.Operator.Api;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Tests.TestSupport;

namespace Backups.Operator.Cli.Tests.Completion;

public sealed class CompletionTests
{
    [Fact]
    public void Commands_complete_from_their_first_letters()
    {
        var cli = new CliHarness();

        cli.App.Complete(["re"]).Should().Equal("restore");
        cli.App.Complete(["d"]).Should().BeEquivalentTo("delete", "describe");
    }

    [Fact]
    public void Backup_names_complete_from_the_cluster_in_the_namespace_given_on_the_line()
    {
        var cli = new CliHarness();
        cli.Api.AddBackup("shop-1", "shop", BackupPhase.Available);
        cli.Api.AddBackup("shop-2", "shop", BackupPhase.Available);
        cli.Api.AddBackup("blog-1", "blog", BackupPhase.Available);

        cli.App.Complete(["restore", "-n", "team-a", "sh"]).Should().Equal("shop-1", "shop-2");
        cli.LastOptions!.Namespace.Should().Be("team-a");
        cli.App.Complete(["delete", ""]).Should().Contain(["blog-1", "shop-1", "shop-2"]);
    }

    [Fact]
    public void Policy_names_complete_for_status_list_and_create()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 1, Plan.Pro);

        cli.App.Complete(["create", ""]).Should().Contain("shop");
        cli.App.Complete(["status", "s"]).Should().Equal("shop");
    }

    [Fact]
    public void A_cluster_error_completes_nothing()
    {
        var cli = new CliHarness();
        cli.Api.Failure = Cli.Cluster.ApiErrorTranslator.NotInstalled();

        cli.App.Complete(["restore", ""]).Should().NotContain(c => !c.StartsWith('-'));
    }

    [Fact]
    public async Task The_hidden_complete_command_ends_with_cobra_no_file_directive_and_scripts_exist_for_bash_and_zsh()
    {
        var cli = new CliHarness();
        (await cli.RunAsync("__complete", "li")).Should().Be(0);
        cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("list", ":4");

        var bash = new CliHarness();
        (await bash.RunAsync("completion", "bash")).Should().Be(0);
        bash.Output.Should().Be(CompletionScripts.Bash).And.Contain("complete -o default -F _kubectl_backup_complete kubectl-backup");
        var zsh = new CliHarness();
        (await zsh.RunAsync("completion", "zsh")).Should().Be(0);
        zsh.Output.Should().StartWith("#compdef kubectl-backup");
    }
}
