using Backups.Operator.Configuration;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Hosting;
using Backups.Operator.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Tests.Hosting;

public sealed class BackupsOperatorServiceCollectionExtensionsTests
{
    [Fact]
    public void Binds_flags_and_takes_token_and_namespace_from_the_environment()
    {
        using var services = Build(new()
        {
            ["DigitalOcean:BaseUrl"] = "http://127.0.0.1:18090/",
            ["Backups:PricePerGigabyteMonth"] = "0.05",
            ["DIGITALOCEAN_TOKEN"] = "dop_v1_platform",
            ["POD_NAMESPACE"] = "platform-backups",
        });

        var backups = services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value;
        backups.PlatformToken.Should().Be("dop_v1_platform");
        backups.OperatorNamespace.Should().Be("platform-backups");
        backups.PricePerGigabyteMonth.Should().Be(0.05);
        services.GetRequiredService<IOptions<DigitalOceanClientOptions>>().Value.BaseUrl.Should().Be(new Uri("http://127.0.0.1:18090/"));
        services.GetRequiredService<BackupMetrics>().Should().NotBeNull();
    }

    [Fact]
    public void An_explicit_operator_namespace_wins_over_POD_NAMESPACE_and_the_default_url_is_the_real_api()
    {
        using var services = Build(new() { ["Backups:OperatorNamespace"] = "explicit", ["POD_NAMESPACE"] = "from-pod" });

        services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value.OperatorNamespace.Should().Be("explicit");
        services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value.PlatformToken.Should().BeNull();
        services.GetRequiredService<IOptions<DigitalOceanClientOptions>>().Value.BaseUrl.Should().Be(new Uri("https://api.digitalocean.com/"));
    }

    [Fact]
    public void Invalid_settings_fail_validation()
    {
        using var services = Build(new() { ["Backups:PricePerGigabyteMonth"] = "-1", ["Backups:CreationTimeout"] = "00:10:00" });

        var act = () => services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().HaveCount(2).And.Contain(f => f.Contains("CreationTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("5000")]
    public void A_first_poll_estimate_out_of_range_fails_validation(string secondsPerGigabyte)
    {
        using var services = Build(new() { ["Backups:FirstPollSecondsPerDiskGigabyte"] = secondsPerGigabyte });

        var act = () => services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle(f => f.Contains("FirstPollSecondsPerDiskGigabyte", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(BackupsOperatorOptions.MaxConcurrentReconciles), "0")]
    [InlineData(nameof(BackupsOperatorOptions.MaxConcurrentReconciles), "257")]
    [InlineData(nameof(BackupsOperatorOptions.BackupWorkers), "0")]
    [InlineData(nameof(BackupsOperatorOptions.BackupWorkers), "257")]
    public void Worker_counts_out_of_range_fail_validation(string key, string value)
    {
        using var services = Build(new() { [$"Backups:{key}"] = value });

        var act = () => services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle(f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Backup_workers_are_sized_for_waiting_not_for_cores()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value;

        options.BackupWorkers.Should().Be(64);
        options.MaxConcurrentReconciles.Should().Be(4);
        options.BackupWorkers.Should().BeGreaterThan(Environment.ProcessorCount);
    }

    [Fact]
    public void The_first_poll_estimate_flag_is_bound()
    {
        var (arguments, error) = OperatorFlags.Parse(["--first-poll-seconds-per-disk-gb", "0.25"]);
        error.Should().BeNull();
        using var services = BuildFromArguments(arguments);

        services.GetRequiredService<IOptions<BackupsOperatorOptions>>().Value.FirstPollSecondsPerDiskGigabyte.Should().Be(0.25);
    }

    [Fact]
    public void A_time_provider_registered_first_is_kept()
    {
        var fake = new FakeTimeProvider();
        var collection = new ServiceCollection().AddSingleton<TimeProvider>(fake);
        collection.AddBackupsOperator(new ConfigurationBuilder().Build());
        using var services = collection.BuildServiceProvider();

        services.GetRequiredService<TimeProvider>().Should().BeSameAs(fake);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values) =>
        BuildFrom(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    private static ServiceProvider BuildFromArguments(string[] arguments) =>
        BuildFrom(new ConfigurationBuilder().AddCommandLine(arguments, OperatorFlags.SwitchMappings).Build());

    private static ServiceProvider BuildFrom(IConfiguration configuration)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging();
        collection.AddBackupsOperator(configuration);
        return collection.BuildServiceProvider();
    }
}
