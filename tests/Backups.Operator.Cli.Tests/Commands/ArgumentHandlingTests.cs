using Backups.Operator.Api;
using Backups.Operator.Cli.Commands;
using Backups.Operator.Cli.Tests.TestSupport;

namespace Backups.Operator.Cli.Tests.Commands;

public sealed class ArgumentHandlingTests
{
    [Fact]
    public async Task Kubectl_connection_flags_are_parsed_by_the_plugin_in_any_position()
    {
        var cli = new CliHarness();
        cli.Api.AddPolicy("shop", 3164444, Plan.Pro);

        (await cli.RunAsync("list", "--context", "staging", "-n", "team-a", "--kubeconfig", "/tmp/kc", "--request-timeout", "1m")).Should().Be(0);
        cli.LastOptions.Should().Be(new Backups.Operator.Cli.Cluster.ClusterOptions("/tmp/kc", "staging", "team-a", TimeSpan.FromMinutes(1)));

        (await cli.RunAsync("--namespace=team-b", "status", "shop")).Should().Be(ExitCodes.NotFound - ExitCodes.NotFound);
        cli.LastOptions!.Namespace.Should().Be("team-b");
        cli.LastOptions.RequestTimeout.Should().Be(Backups.Operator.Cli.Cluster.ClusterOptions.DefaultRequestTimeout);
    }

    [Theory]
    [InlineData("list", "-o", "xml")]
    [InlineData("create")]
    [InlineData("restore", "b", "--confirm-droplet-id", "abc")]
    [InlineData("delete")]
    [InlineData("list", "--request-timeout", "soon")]
    [InlineData("frobnicate")]
    [InlineData("completion", "fish")]
    public async Task Bad_arguments_exit_2_with_an_error_line_and_no_call_to_the_cluster(params string[] args)
    {
        var cli = new CliHarness();

        (await cli.RunAsync(args)).Should().Be(ExitCodes.Usage);

        cli.Error.Should().StartWith("error: ");
        cli.Error.Should().Contain("--help");
        cli.LastOptions.Should().BeNull();
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("45", 45)]
    [InlineData("1.5m", 90)]
    public void Durations_are_written_as_kubectl_writes_them(string text, int seconds) =>
        DurationArgument.TryParse(text).Should().Be(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("5 minutes")]
    [InlineData("-5s")]
    public void Anything_else_is_not_a_duration(string text) => DurationArgument.TryParse(text).Should().BeNull();

    [Theory]
    [InlineData("shop-1", null, "shop-1")]
    [InlineData("backup/shop-1", "backup", "shop-1")]
    [InlineData("bkp/shop", "policy", "shop")]
    [InlineData("BackupRestore/r", "restore", "r")]
    public void Describe_takes_a_bare_name_or_kind_slash_name(string text, string? kind, string name) =>
        DescribeCommand.ParseTarget(text).Should().Be((kind, name));

    [Fact]
    public void Describe_refuses_a_kind_it_does_not_know() =>
        FluentActions.Invoking(() => DescribeCommand.ParseTarget("pod/x")).Should().Throw<CliException>().Which.ExitCode.Should().Be(ExitCodes.Usage);

    [Fact]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var cli = new CliHarness();

        (await cli.RunAsync("--help")).Should().Be(0);

        cli.Output.Should().ContainAll("status", "list", "create", "restore", "delete", "describe", "completion", "Exit codes:", "  7  confirmation declined");
    }

    [Fact]
    public void Generated_names_stay_within_kubernetes_limits()
    {
        CreateCommand.GeneratedPrefix("shop").Should().Be("shop-manual-");
        CreateCommand.GeneratedPrefix(new string('a', 253)).Length.Should().BeLessThanOrEqualTo(253 - 5);
        RestoreCommand.GeneratedPrefix("shop-before-v2").Should().Be("shop-before-v2-restore-");
        (RestoreCommand.GeneratedPrefix(new string('b', 100)) + "abcde" + "-pre-restore").Length.Should().BeLessThanOrEqualTo(253);
    }
}
