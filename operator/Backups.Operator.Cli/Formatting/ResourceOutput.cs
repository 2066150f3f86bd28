using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backups.Operator.Cli.Formatting;

/// <summary><c>-o json</c> and <c>-o yaml</c>: a kubectl-style <c>List</c> of the objects as the API returned them.</summary>
public static class ResourceOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Json<T>(IReadOnlyList<T> items) => JsonSerializer.Serialize(AsList(items), Options);

    public static string Yaml<T>(IReadOnlyList<T> items)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(AsList(items), Options));
        return YamlWriter.Write(document.RootElement);
    }

    private static KubernetesList<T> AsList<T>(IReadOnlyList<T> items) => new() { Items = [.. items] };

    private sealed class KubernetesList<T>
    {
        [JsonPropertyName("apiVersion")]
        public string ApiVersion { get; init; } = "v1";

        [JsonPropertyName("kind")]
        public string Kind { get; init; } = "List";

        [JsonPropertyName("items")]
        public List<T> Items { get; init; } = [];
    }
}
