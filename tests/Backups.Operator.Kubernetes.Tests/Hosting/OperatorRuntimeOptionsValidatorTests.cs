using Backups.Operator.Kubernetes.Hosting;

namespace Backups.Operator.Kubernetes.Tests.Hosting;

public sealed class OperatorRuntimeOptionsValidatorTests
{
    private readonly OperatorRuntimeOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        _validator.Validate(null, new OperatorRuntimeOptions()).Succeeded.Should().BeTrue();
        _validator.Validate(null, new OperatorRuntimeOptions { LeaderElection = { Enabled = true } }).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Lease_timings_must_be_ordered_as_client_go_requires()
    {
        var options = new OperatorRuntimeOptions
        {
            LeaderElection = { Enabled = true, LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10), RetryPeriod = TimeSpan.FromSeconds(9) },
        };

        var result = _validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().Contain(f => f.Contains("LeaseDuration")).And.Contain(f => f.Contains("RetryPeriod"));
    }

    [Fact]
    public void Ports_bind_address_and_nested_ranges_are_checked()
    {
        var options = new OperatorRuntimeOptions
        {
            MetricsPort = 9000,
            HealthPort = 9000,
            BindAddress = "everywhere",
            ShutdownTimeout = TimeSpan.FromHours(1),
            Informers = { PageSize = 0 },
        };

        var failures = _validator.Validate(null, options).Failures;

        failures.Should().Contain(f => f.Contains("must differ"));
        failures.Should().Contain(f => f.Contains("BindAddress"));
        failures.Should().Contain(f => f.Contains("ShutdownTimeout"));
        failures.Should().Contain(f => f.Contains("Operator:Informers") && f.Contains("PageSize"));
    }
}
