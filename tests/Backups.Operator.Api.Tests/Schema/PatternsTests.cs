using System.Text.RegularExpressions;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api.Tests.Schema;

public sealed class PatternsTests
{
    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("0 3 * * 0")]
    [InlineData("30 2 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 3 * * SUN")]
    [InlineData("0 3 1,15 * 1-5")]
    [InlineData("0 3 L * *")]
    [InlineData(" 0 3 * * * ")]
    public void Five_field_cron_accepts(string cron) => Regex.IsMatch(cron, Patterns.FiveFieldCron).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("@daily")]
    [InlineData("0 3 * *")]
    [InlineData("0 0 3 * * *")]
    [InlineData("daily at 3")]
    [InlineData("0 3 * * *; rm -rf /")]
    public void Five_field_cron_rejects(string cron) => Regex.IsMatch(cron, Patterns.FiveFieldCron).Should().BeFalse();

    [Fact]
    public void Every_iana_zone_of_the_machine_matches_the_time_zone_pattern()
    {
        var zones = TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).ToList();

        zones.Should().Contain(["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires"]);
        zones.Where(z => !Regex.IsMatch(z, Patterns.IanaTimeZone)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Europe Berlin")]
    [InlineData("/etc/localtime")]
    [InlineData("Europe/../etc")]
    [InlineData("+01:00")]
    public void Time_zone_rejects(string zone) => Regex.IsMatch(zone, Patterns.IanaTimeZone).Should().BeFalse();

    [Theory]
    [InlineData("shop", true)]
    [InlineData("shop-20261125-0300", true)]
    [InlineData("a.b-c.d", true)]
    [InlineData("0", true)]
    [InlineData("Shop", false)]
    [InlineData("-shop", false)]
    [InlineData("shop-", false)]
    [InlineData("shop_v2", false)]
    [InlineData("a..b", false)]
    [InlineData("", false)]
    public void Dns1123_subdomain(string name, bool valid) => Regex.IsMatch(name, Patterns.Dns1123Subdomain).Should().Be(valid);

    [Theory]
    [InlineData("Ready", true)]
    [InlineData("backup.platform.dev/Slow", true)]
    [InlineData("Not Ready", false)]
    [InlineData("", false)]
    public void Condition_type(string type, bool valid) => Regex.IsMatch(type, Patterns.ConditionType).Should().Be(valid);

    [Fact]
    public void Every_reason_constant_is_a_valid_condition_reason()
    {
        var reasons = typeof(Reasons).GetFields()
            .Where(f => f.IsLiteral && !f.Name.EndsWith("Message", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        reasons.Should().NotBeEmpty();
        reasons.Where(r => !Regex.IsMatch(r, Patterns.ConditionReason)).Should().BeEmpty();
    }

    [Fact]
    public void Every_condition_type_constant_is_a_valid_condition_type()
    {
        var types = typeof(ConditionTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        types.Should().HaveCount(7);
        types.Where(t => !Regex.IsMatch(t, Patterns.ConditionType)).Should().BeEmpty();
    }
}
