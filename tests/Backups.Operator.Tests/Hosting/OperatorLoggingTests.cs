using Backups.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace Backups.Operator.Tests.Hosting;

/// <summary><c>--log-format</c> and <c>--log-level</c>: accepted values pass, anything else is a configuration error naming the flag.</summary>
public sealed class OperatorLoggingTests
{
    [Theory]
    [InlineData("--log-format", "json")]
    [InlineData("--log-format", "text")]
    [InlineData("--log-level", "Debug")]
    [InlineData("--log-level", "warning")]
    public void Known_values_are_accepted(string flag, string value)
    {
        var (arguments, error) = OperatorFlags.Parse([flag, value]);
        error.Should().BeNull();

        OperatorLogging.Validate(Configuration(arguments)).Should().BeNull();
    }

    [Theory]
    [InlineData("--log-format", "xml", "--log-format must be 'text' or 'json' (got 'xml').")]
    [InlineData("--log-level", "Verbose", "--log-level must be one of")]
    public void Unknown_values_are_refused_with_the_flag_named(string flag, string value, string message)
    {
        var (arguments, error) = OperatorFlags.Parse([flag, value]);
        error.Should().BeNull();

        OperatorLogging.Validate(Configuration(arguments)).Should().StartWith(message);
    }

    [Fact]
    public async Task The_operator_exits_with_a_configuration_error_on_an_unknown_log_format()
    {
        var code = await OperatorProgram.RunAsync(["--kubeconfig", "/nonexistent", "--log-format", "xml"]);

        code.Should().Be(OperatorProgram.ConfigurationError);
    }

    private static IConfiguration Configuration(string[] arguments) =>
        new ConfigurationBuilder().AddCommandLine(arguments, OperatorFlags.SwitchMappings).Build();
}
