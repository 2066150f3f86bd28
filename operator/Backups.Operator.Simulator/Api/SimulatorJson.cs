using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backups.Operator.Simulator.Api;

/// <summary>JSON settings: DigitalOcean's snake_case with nulls kept; the admin API uses camelCase.</summary>
internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static readonly JsonSerializerOptions Admin = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };
}
