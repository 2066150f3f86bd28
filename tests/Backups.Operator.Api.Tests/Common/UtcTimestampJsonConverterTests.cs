using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backups.Operator.Api.Tests.Common;

public sealed class UtcTimestampJsonConverterTests
{
    [Theory]
    [InlineData("2026-11-25T03:00:00+00:00", "\"2026-11-25T03:00:00Z\"")]
    [InlineData("2026-11-25T04:00:00+01:00", "\"2026-11-25T03:00:00Z\"")]
    [InlineData("2026-03-29T02:30:00-05:00", "\"2026-03-29T07:30:00Z\"")]
    [InlineData("2026-11-25T03:00:00.25+00:00", "\"2026-11-25T03:00:00.250000Z\"")]
    public void Writes_rfc3339_in_utc_with_a_z(string value, string json)
    {
        Write(DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).Should().Be($"{{\"at\":{json}}}");
    }

    [Theory]
    [InlineData("2026-11-25T03:00:00Z")]
    [InlineData("2026-11-25T04:00:00+01:00")]
    [InlineData("2026-11-25T03:00:00.000000Z")]
    [InlineData("2026-11-25T03:00:00")]
    public void Reads_any_rfc3339_form_as_the_same_instant(string text)
    {
        var read = JsonSerializer.Deserialize<Holder>($"{{\"at\":\"{text}\"}}")!.At;

        read.Should().Be(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        read!.Value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("{\"at\":null}")]
    [InlineData("{\"at\":\"\"}")]
    [InlineData("{}")]
    public void Null_empty_and_missing_read_as_null(string json)
    {
        JsonSerializer.Deserialize<Holder>(json)!.At.Should().BeNull();
    }

    [Fact]
    public void Null_is_written_as_null_unless_the_options_ignore_nulls()
    {
        Write(null).Should().Be("{\"at\":null}");
        JsonSerializer.Serialize(new Holder(), new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })
            .Should().Be("{}");
    }

    [Fact]
    public void Garbage_is_a_json_error()
    {
        var act = () => JsonSerializer.Deserialize<Holder>("{\"at\":\"yesterday\"}");

        act.Should().Throw<JsonException>().WithMessage("*yesterday*");
    }

    private static string Write(DateTimeOffset? value) => JsonSerializer.Serialize(new Holder { At = value });

    private sealed class Holder
    {
        [JsonPropertyName("at")]
        [JsonConverter(typeof(UtcTimestampJsonConverter))]
        public DateTimeOffset? At { get; set; }
    }
}
