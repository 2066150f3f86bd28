using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Tests.Tables;

public sealed class TableConverterTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(125, "2m5s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(800 * 86400, "2y70d")]
    public void Ages_print_like_kubectl(int seconds, string expected)
    {
        TableConverter.HumanDuration(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }

    [Fact]
    public void Cells_are_converted_for_their_column_type()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        TableConverter.CellFor("date", JsonValue.Create("2026-11-26T11:55:00Z"), now)!.GetValue<string>().Should().Be("5m");
        TableConverter.CellFor("integer", JsonNode.Parse("42"), now)!.GetValue<long>().Should().Be(42);
        TableConverter.CellFor("string", JsonNode.Parse("42"), now)!.GetValue<string>().Should().Be("42");
        TableConverter.CellFor("boolean", JsonNode.Parse("true"), now)!.GetValue<bool>().Should().BeTrue();
        TableConverter.CellFor("integer", JsonValue.Create("x"), now).Should().BeNull();
    }
}
