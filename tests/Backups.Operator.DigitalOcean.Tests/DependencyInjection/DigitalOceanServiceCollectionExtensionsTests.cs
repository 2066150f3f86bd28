using Backups.Operator.DigitalOcean.DependencyInjection;
using Backups.Operator.DigitalOcean.Internal.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backups.Operator.DigitalOcean.Tests.DependencyInjection;

public sealed class DigitalOceanServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Action<DigitalOceanClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDigitalOceanClient(configure);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_point_at_the_real_api_within_its_limits()
    {
        using var provider = Build(_ => { });

        var options = provider.GetRequiredService<IOptions<DigitalOceanClientOptions>>().Value;

        options.BaseUrl.Should().Be(new Uri("https://api.digitalocean.com/"));
        options.RequestsPerMinute.Should().Be(250);
        options.RequestsPerHour.Should().Be(5000);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("ftp://api.digitalocean.com/")]
    [InlineData("https://user:pw@api.digitalocean.com/")]
    [InlineData("https://api.digitalocean.com/?x=1")]
    public void A_bad_base_url_fails_at_start_up(string url)
    {
        using var provider = Build(o => o.BaseUrl = new Uri(url));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().WithMessage("*BaseUrl*");
    }

    [Theory]
    [InlineData(nameof(DigitalOceanClientOptions.PageSize), 201)]
    [InlineData(nameof(DigitalOceanClientOptions.MaxRetries), -1)]
    [InlineData(nameof(DigitalOceanClientOptions.RequestsPerMinute), 0)]
    [InlineData(nameof(DigitalOceanClientOptions.MaxPages), 0)]
    public void Out_of_range_numbers_fail_at_start_up(string property, int value)
    {
        using var provider = Build(o => typeof(DigitalOceanClientOptions).GetProperty(property)!.SetValue(o, value));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().WithMessage($"*{property}*");
    }

    [Fact]
    public void A_zero_timeout_fails_at_start_up()
    {
        using var provider = Build(o => o.RequestTimeout = TimeSpan.Zero);

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().WithMessage("*RequestTimeout*");
    }

    [Fact]
    public void Clients_of_one_token_share_a_limiter_and_different_tokens_never_do()
    {
        using var provider = Build(_ => { });
        var factory = (DigitalOceanClientFactory)provider.GetRequiredService<IDigitalOceanClientFactory>();

        var a1 = factory.Create("dop_v1_aaaa");
        var a2 = factory.Create("dop_v1_aaaa");
        var b = factory.Create("dop_v1_bbbb");

        a1.TokenLabel.Should().Be(a2.TokenLabel).And.NotBe(b.TokenLabel);
        factory.LimiterFor("dop_v1_aaaa").Should().BeSameAs(factory.LimiterFor("dop_v1_aaaa")).And.NotBeSameAs(factory.LimiterFor("dop_v1_bbbb"));
        factory.LimiterCount.Should().Be(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("dop_v1_x\r\nX-Injected: 1")]
    public void Unusable_tokens_are_rejected_without_echoing_them(string token)
    {
        using var provider = Build(_ => { });
        var factory = provider.GetRequiredService<IDigitalOceanClientFactory>();

        var create = () => factory.Create(token);

        create.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("Injected");
    }
}
