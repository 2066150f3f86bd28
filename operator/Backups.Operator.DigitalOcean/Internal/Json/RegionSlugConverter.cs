using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backups.Operator.DigitalOcean.Internal.Json;

/// <summary>Reads <c>region</c> as its slug, whether it is an object (<c>{"slug":"nyc3",…}</c>, current API) or a bare string (2014–2015 API).</summary>
internal sealed class RegionSlugConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.TryGetProperty("slug", out var slug) && slug.ValueKind == JsonValueKind.String ? slug.GetString() : null;
                }

            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
