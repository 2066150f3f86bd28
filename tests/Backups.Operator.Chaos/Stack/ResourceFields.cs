using System.Text.Json;
using Backups.Operator.Chaos.Invariants;

namespace Backups.Operator.Chaos.Stack;

/// <summary>Reads the fields the chaos runs look at from a custom resource's JSON.</summary>
public static class ResourceFields
{
    public static string Name(JsonElement item) => item.GetProperty("metadata").GetProperty("name").GetString()!;

    public static bool IsDeleting(JsonElement item) => item.GetProperty("metadata").TryGetProperty("deletionTimestamp", out _);

    public static string? Phase(JsonElement item) => Status(item, "phase");

    public static string? Status(JsonElement item, string field) =>
        item.TryGetProperty("status", out var status) && status.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string? Spec(JsonElement item, string field) =>
        item.TryGetProperty("spec", out var spec) && spec.TryGetProperty(field, out var value) ? value.ToString() : null;

    /// <summary>The reason and message of the status's first condition whose reason says something (for reports).</summary>
    public static string? Reason(JsonElement item)
    {
        if (!item.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions))
        {
            return null;
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (condition.TryGetProperty("reason", out var reason) && reason.GetString() is { Length: > 0 } text)
            {
                var message = condition.TryGetProperty("message", out var m) ? m.GetString() : null;
                return message is null ? text : $"{text}: {message}";
            }
        }

        return null;
    }

    public static ObservedObject Observe(JsonElement item) => new(Name(item), Phase(item), Reason(item));
}
