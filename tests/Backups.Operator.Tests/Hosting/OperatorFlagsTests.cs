using Backups.Operator.Hosting;

namespace Backups.Operator.Tests.Hosting;

public sealed class OperatorFlagsTests
{
    [Fact]
    public void Maps_every_flag_of_the_runtime_and_the_backup_flags()
    {
        OperatorFlags.SwitchMappings.Keys.Should().Contain(
        [
            "--kubeconfig", "--metrics-port", "--health-port", "--bind-address", "--leader-elect",
            "--digitalocean-url", "--operator-namespace", "--price-per-gb-month",
        ]);
        OperatorFlags.SwitchMappings["--digitalocean-url"].Should().Be("DigitalOcean:BaseUrl");
        OperatorFlags.SwitchMappings["--operator-namespace"].Should().Be("Backups:OperatorNamespace");
        OperatorFlags.SwitchMappings["--price-per-gb-month"].Should().Be("Backups:PricePerGigabyteMonth");
    }

    [Fact]
    public void Accepts_values_after_a_space_or_an_equals_sign_and_a_bare_leader_elect()
    {
        var (arguments, error) = OperatorFlags.Parse(["--kubeconfig", "k", "--metrics-port=1", "--leader-elect"]);

        error.Should().BeNull();
        arguments.Should().Equal("--kubeconfig", "k", "--metrics-port=1", "--leader-elect=true");
    }

    [Theory]
    [InlineData("--digitalocean-uri", "Unknown flag '--digitalocean-uri'.")]
    [InlineData("stray", "Unexpected argument 'stray'.")]
    public void Rejects_unknown_flags_and_stray_arguments(string arg, string message)
    {
        var (_, error) = OperatorFlags.Parse([arg, "x"]);

        error.Should().Be(message);
    }

    [Fact]
    public void Rejects_a_flag_without_its_value()
    {
        var (_, error) = OperatorFlags.Parse(["--kubeconfig", "--metrics-port", "1"]);

        error.Should().Be("Flag '--kubeconfig' needs a value.");
    }
}
