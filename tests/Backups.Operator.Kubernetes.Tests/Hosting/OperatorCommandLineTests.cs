using Backups.Operator.Kubernetes.Hosting;
using Microsoft.Extensions.Configuration;

namespace Backups.Operator.Kubernetes.Tests.Hosting;

public sealed class OperatorCommandLineTests
{
    [Fact]
    public void Flags_bind_onto_the_operator_section()
    {
        var args = new[] { "--metrics-port", "9090", "--health-port=9091", "--bind-address", "127.0.0.1", "--leader-elect", "--kubeconfig", "/tmp/k" };

        var options = Bind(args);

        options.MetricsPort.Should().Be(9090);
        options.HealthPort.Should().Be(9091);
        options.BindAddress.Should().Be("127.0.0.1");
        options.LeaderElection.Enabled.Should().BeTrue();
        options.Kubeconfig.Should().Be("/tmp/k");
    }

    [Fact]
    public void Leader_elect_accepts_an_explicit_value()
    {
        Bind(["--leader-elect", "false"]).LeaderElection.Enabled.Should().BeFalse();
        Bind(["--leader-elect=false"]).LeaderElection.Enabled.Should().BeFalse();
        Bind([]).LeaderElection.Enabled.Should().BeFalse();
    }

    private static OperatorRuntimeOptions Bind(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(OperatorCommandLine.Normalize(args), OperatorCommandLine.SwitchMappings).Build();
        var options = new OperatorRuntimeOptions();
        configuration.GetSection(OperatorRuntimeOptions.SectionName).Bind(options);
        return options;
    }
}
