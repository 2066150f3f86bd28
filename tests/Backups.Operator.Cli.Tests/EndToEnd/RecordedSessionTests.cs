using System.Text;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Cli.Tests.EndToEnd;

/// <summary>
/// The README's recorded session: `kubectl backup` run THROUGH kubectl (the plugin found on the PATH, KUBECONFIG set,
/// no flag of kubectl's own) against a fresh <see cref="PluginStack"/>. Prints the transcript (run with
/// <c>--logger "console;verbosity=detailed"</c> to see it) and checks each step's exit code.
/// </summary>
[Collection(nameof(PluginEndToEndTests))]
public sealed class RecordedSessionTests(PluginStack fixture, ITestOutputHelper output) : IClassFixture<PluginStack>
{
    private readonly StringBuilder _transcript = new();

    [Fact]
    public async Task A_session_through_kubectl_status_create_list_restore_describe_delete_and_a_basic_plan_refusal()
    {
        await fixture.Stack.Kubectl.RunCheckedAsync("apply", "-f", LocalStack.Example("10-policy-basic.yaml"));

        try
        {
            await RunSessionAsync();
        }
        finally
        {
            output.WriteLine(_transcript.ToString());
        }
    }

    private async Task RunSessionAsync()
    {
        await StepAsync(0, null, "status", "shop");
        await StepAsync(0, null, "create", "shop", "--name", "shop-before-v2", "--description", "before upgrading to v2", "--wait");
        await StepAsync(0, null, "list");
        await StepAsync(0, "3164444\n", "restore", "shop-before-v2", "--wait");
        await StepAsync(0, null, "list", "-o", "wide");
        await StepAsync(0, null, "describe", "shop-before-v2");
        await StepAsync(0, null, "delete", "shop-before-v2", "--yes");
        await StepAsync(ExitCodes.Refused, null, "create", "wiki");
        await StepAsync(ExitCodes.NotFound, null, "restore", "shop-typo");
    }

    private async Task StepAsync(int expectedExitCode, string? input, params string[] args)
    {
        var result = await PluginProcess.RunThroughKubectlAsync(fixture.Stack.Kubeconfig, input, [.. args, "-n", "team-a"]);
        var shown = string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        _transcript.Append(input is null ? string.Empty : $"$ echo {input.Trim()} | ").Append(input is null ? "$ " : string.Empty)
            .Append("kubectl backup ").Append(shown).Append(" -n team-a\n").Append(result.Output).Append(result.Error);
        if (result.ExitCode != 0)
        {
            _transcript.Append($"(exit {result.ExitCode})\n");
        }

        _transcript.Append('\n');
        result.ExitCode.Should().Be(expectedExitCode, $"kubectl backup {shown}\n{result}");
    }
}
