using System.Collections;
using Backups.Operator.Simulator.Hosting;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

public sealed class SimulatorCommandLineTests
{
    private static readonly IDictionary NoEnvironment = new Hashtable();

    [Fact]
    public void Defaults_listen_on_loopback_with_DigitalOceans_limits()
    {
        var parsed = SimulatorCommandLine.Parse([], NoEnvironment);

        parsed.Error.Should().BeNull();
        parsed.Urls.Should().Equal("http://127.0.0.1:18090");
        parsed.Options.Should().BeEquivalentTo(new SimulatorOptions());
    }

    [Fact]
    public void Flags_set_every_option()
    {
        var parsed = SimulatorCommandLine.Parse(
            ["--urls", "http://127.0.0.1:1234", "--seed", "seed.json", "--seconds-per-gb", "2.5", "--min-action-seconds=3", "--rate-limit-per-minute", "10", "--rate-limit-per-hour", "100", "--random-seed", "9"],
            NoEnvironment);

        parsed.Urls.Should().Equal("http://127.0.0.1:1234");
        parsed.Options.Should().BeEquivalentTo(new SimulatorOptions
        {
            SeedFile = "seed.json",
            SecondsPerGigabyte = 2.5,
            MinActionSeconds = 3,
            RateLimitPerMinute = 10,
            RateLimitPerHour = 100,
            RandomSeed = 9,
        });
    }

    [Fact]
    public void Environment_sets_options_and_flags_win()
    {
        var environment = new Hashtable { ["SIMULATOR_SECONDS_PER_GB"] = "7", ["SIMULATOR_RATE_LIMIT_PER_MINUTE"] = "20", ["SIMULATOR_URLS"] = "http://127.0.0.1:1;http://127.0.0.1:2" };

        var parsed = SimulatorCommandLine.Parse(["--rate-limit-per-minute", "30"], environment);

        parsed.Options.SecondsPerGigabyte.Should().Be(7);
        parsed.Options.RateLimitPerMinute.Should().Be(30);
        parsed.Urls.Should().Equal("http://127.0.0.1:1", "http://127.0.0.1:2");
    }

    [Theory]
    [InlineData("--bogus", "1")]
    [InlineData("--seconds-per-gb", "fast")]
    [InlineData("--seed")]
    public void Mistakes_are_reported(params string[] args) =>
        SimulatorCommandLine.Parse(args, NoEnvironment).Error.Should().NotBeNullOrEmpty();

    [Fact]
    public void Help_is_recognised() => SimulatorCommandLine.Parse(["--help"], NoEnvironment).ShowHelp.Should().BeTrue();
}
